import pg from "pg";
import type { KeyValue } from "./table-source.js";

// How the PostgreSQL table source talks to its server: one small pool, every value as text,
// keys as parameters, and the settings that decide how values print.

/** The settings that change how PostgreSQL prints a value of a given type. */
export const OUTPUT_SETTINGS = ["DateStyle", "IntervalStyle", "TimeZone", "extra_float_digits", "bytea_output", "lc_monetary"];

/** Every value as PostgreSQL's text, so keys and values are decoded exactly, by column type. */
export const RAW_TEXT = {
  getTypeParser: (() => (text: string) => text) as unknown as typeof pg.types.getTypeParser,
};

export function toParam(value: KeyValue): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value) : value;
}

export function openPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 2 });
  // An idle connection the server closes (a restart, a terminated backend) must not end the
  // process: the pool drops it, and the next query reports the failure.
  pool.on("error", () => undefined);
  return pool;
}
