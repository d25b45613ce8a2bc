import type { SqlResult, SqlRunner } from "../ports/sql-runner.js";
import { maskPostgresUrl } from "./postgres/postgres-url.js";

export interface SqlRunnersByScheme {
  /** For `sqlite:` URLs. */
  readonly sqlite: SqlRunner;
  /** For `postgres://` and `postgresql://` URLs. */
  readonly postgres: SqlRunner;
}

/** The `SqlRunner` a run is given: hands each URL to the runner for its scheme. */
export class SqlRunnerByScheme implements SqlRunner {
  readonly #runners: SqlRunnersByScheme;

  constructor(runners: SqlRunnersByScheme) {
    this.#runners = runners;
  }

  execute(url: string, sql: string): Promise<SqlResult> {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
    if (scheme === "sqlite") return this.#runners.sqlite.execute(url, sql);
    if (scheme === "postgres" || scheme === "postgresql") return this.#runners.postgres.execute(url, sql);
    const named = scheme === undefined ? "a URL without a scheme" : `the scheme "${scheme}:"`;
    return Promise.resolve({
      kind: "error",
      message: `cannot run SQL on ${named} (${maskPostgresUrl(url)}); bind a sqlite: or postgres:// URL`,
    });
  }
}
