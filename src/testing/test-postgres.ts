import { randomBytes } from "node:crypto";
import pg from "pg";
import { maskPostgresUrl } from "../adapters/postgres/postgres-url.js";

/** The variable naming a PostgreSQL server the tests may create databases on (set by .ci/run). */
export const TEST_POSTGRES_URL_VARIABLE = "BASCULE_TEST_PG_URL";

/**
 * A PostgreSQL database of one's own for a test file: a fresh database on a real server when
 * `BASCULE_TEST_PG_URL` names one, else an embedded PGlite (real PostgreSQL compiled to WASM)
 * served over the wire protocol on a free loopback port, so the same `pg` code path runs.
 */
export interface TestPostgres {
  /** `postgres://…` of the fresh database; child processes can connect to it too. */
  readonly url: string;
  readonly kind: "server" | "pglite";
  /**
   * False on PGlite: its one backend serves connections in turn, so two connections' open
   * transactions would share one session. Tests of concurrent workers run on a server only.
   */
  readonly concurrentSessions: boolean;
  /** Drops the database (server) or stops the embedded one. */
  close(): Promise<void>;
}

export class TestPostgresError extends Error {
  override readonly name = "TestPostgresError";
}

let announced = false;

/**
 * A pool on a test database. Dropping the database at the end terminates its connections,
 * and an idle one may hear of it after the pool has let it go: that is the teardown, not a failure.
 */
export function openTestPool(database: Pick<TestPostgres, "url">, max = 2): pg.Pool {
  const pool = new pg.Pool({ connectionString: database.url, max });
  pool.on("error", (error: Error & { code?: string }) => {
    if (error.code !== "57P01") throw error;
  });
  return pool;
}

/** Opens a fresh test database; in CI (CI=true) a missing server is an error, never a silent PGlite. */
export async function openTestPostgres(env: Readonly<Record<string, string | undefined>> = process.env): Promise<TestPostgres> {
  const serverUrl = env[TEST_POSTGRES_URL_VARIABLE];
  if (serverUrl !== undefined && serverUrl !== "") return openOnServer(serverUrl);
  if (env.CI === "true") {
    throw new TestPostgresError(`${TEST_POSTGRES_URL_VARIABLE} is not set: in CI the PostgreSQL tests need the real server that .ci/run installs and starts`);
  }
  if (!announced) {
    announced = true;
    process.stderr.write(
      `PostgreSQL tests run on embedded PGlite: no server given (set ${TEST_POSTGRES_URL_VARIABLE}=postgres://user:pass@host/db to use one; .ci/run does). Tests of concurrent workers are skipped on PGlite.\n`,
    );
  }
  return openOnPglite();
}

async function openOnServer(serverUrl: string): Promise<TestPostgres> {
  const name = `bascule_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    await admin.end().catch(() => undefined);
    throw new TestPostgresError(`cannot create a test database on ${maskPostgresUrl(serverUrl)}: ${(error as Error).message}`, { cause: error });
  }
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: "server",
    concurrentSessions: true,
    async close() {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

async function openOnPglite(): Promise<TestPostgres> {
  // Imported here so a machine with a server never loads the WASM build.
  const { PGlite } = await import("@electric-sql/pglite");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 16 });
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgres://postgres@${address}/postgres`,
    kind: "pglite",
    concurrentSessions: false,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}
