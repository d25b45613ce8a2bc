import type { MissingDataPolicy } from "../../engine/missing-data-policy.js";

/** The file looked for beside the plan when no `--config` is given. */
export const bindingsFileName = "bascule.config.yaml";

/** A named system's connection, resolved from its `url`. */
export interface BoundSystem {
  /** For SQLite, normalised to `sqlite:<absolute path>`; for PostgreSQL, as written (after substitution). */
  readonly url: string;
  readonly kind: "sqlite" | "postgres";
  /** The database file's absolute path, for SQLite. */
  readonly path?: string;
}

export interface BoundMetric {
  /** `command: …`, `prometheus: …` or `sql: <system>: …`, after substitution. */
  readonly query: string;
  /** @default "ratio" */
  readonly unit: "ratio" | "percent";
  /**
   * From `on_missing` and `tries`; absent when neither is written, and then
   * `defaultMissingDataPolicy` (inconclusive after 3 tries) applies, as for a plan-only metric.
   */
  readonly onMissing?: MissingDataPolicy;
  /** From `timeout`; absent when not written, and then `defaultMetricTimeoutMs` (10 s) applies. */
  readonly timeoutMs?: number;
}

/** `data_migrations.<migration_id>` of the bindings. */
export interface BoundDataMigration {
  readonly keyColumns?: readonly string[];
  readonly sourceQuery?: string;
  readonly targetQuery?: string;
  readonly targetBatchMs?: number;
}

/** The Prometheus server that `prometheus:` metric queries go to. */
export interface BoundPrometheus {
  /** As written, after substitution; may hold a user and password. */
  readonly url: string;
}

/** `bascule.config.yaml` resolved: the chosen environment merged in, every `${VAR}` substituted. */
export interface Bindings {
  /** Absolute path of the file read; absent when there was none. */
  readonly file?: string;
  readonly systems: ReadonlyMap<string, BoundSystem>;
  /** As written; when absent, SQL runs on the only bound system (see `resolveSqlSystem`). */
  readonly sqlSystem?: string;
  /** Exact check text → shell command whose exit 0 means the check holds. */
  readonly checks: ReadonlyMap<string, string>;
  readonly metrics: ReadonlyMap<string, BoundMetric>;
  /** By `migration_id`; a migration not listed uses its plan entry alone. */
  readonly dataMigrations: ReadonlyMap<string, BoundDataMigration>;
  /** Absent when not bound: `prometheus:` queries then read as errors saying so. */
  readonly prometheus?: BoundPrometheus;
  /** Approver role as written in the plan → identities that may sign for it. */
  readonly approvers: ReadonlyMap<string, readonly string[]>;
  readonly approval: {
    /** @default "all" */
    readonly policy: "all" | "any";
    /** @default false */
    readonly allowSelfApproval: boolean;
  };
  readonly idempotentSteps: ReadonlySet<string>;
  readonly timeScale?: number;
  readonly commandTimeoutMs?: number;
  /** Extra environment for commands; always holds `BASCULE_PLAN_DIR`. */
  readonly env: Readonly<Record<string, string>>;
}

/** The bindings of a plan with no `bascule.config.yaml`. */
export function emptyBindings(planDir: string): Bindings {
  return {
    systems: new Map(),
    checks: new Map(),
    metrics: new Map(),
    dataMigrations: new Map(),
    approvers: new Map(),
    approval: { policy: "all", allowSelfApproval: false },
    idempotentSteps: new Set(),
    env: { BASCULE_PLAN_DIR: planDir },
  };
}
