import { describe, expect, it } from "vitest";
import { BackfillConfigError } from "./backfill-request.js";
import { toPositionalParameters } from "./postgres-parameters.js";

const single = new Set(["batch_start", "batch_end", "batch_start_id", "batch_end_id"]);

describe("toPositionalParameters", () => {
  it.each([
    ["bounds in order", "WHERE id BETWEEN :batch_start AND :batch_end", "WHERE id BETWEEN $1 AND $2", ["batch_start", "batch_end"]],
    ["a cast after a parameter", "WHERE id BETWEEN :batch_start::bigint AND :batch_end::bigint", "WHERE id BETWEEN $1::bigint AND $2::bigint", ["batch_start", "batch_end"]],
    ["a cast elsewhere", "SELECT x::text FROM t WHERE id >= :batch_start", "SELECT x::text FROM t WHERE id >= $1", ["batch_start"]],
    ["a name used twice", ":batch_end < 5 OR :batch_start = :batch_end", "$1 < 5 OR $2 = $1", ["batch_end", "batch_start"]],
    ["the longest name", "id >= :batch_start_id AND id <= :batch_end", "id >= $1 AND id <= $2", ["batch_start_id", "batch_end"]],
    ["a single-quoted string", "SELECT ':batch_start', 'it''s :batch_end', :batch_end", "SELECT ':batch_start', 'it''s :batch_end', $1", ["batch_end"]],
    ["an escape string", "SELECT E'\\' :batch_start', :batch_start", "SELECT E'\\' :batch_start', $1", ["batch_start"]],
    ["a quoted name", 'SELECT ":batch_start" FROM t WHERE id = :batch_start', 'SELECT ":batch_start" FROM t WHERE id = $1', ["batch_start"]],
    ["a line comment", "-- from :batch_start\nWHERE id >= :batch_start", "-- from :batch_start\nWHERE id >= $1", ["batch_start"]],
    ["a nested block comment", "/* a /* :batch_start */ :batch_end */ :batch_end", "/* a /* :batch_start */ :batch_end */ $1", ["batch_end"]],
    ["a dollar-quoted body", "SELECT $fn$ :batch_start $fn$, $$:batch_end$$, :batch_start", "SELECT $fn$ :batch_start $fn$, $$:batch_end$$, $1", ["batch_start"]],
    ["an array slice", "SELECT arr[lo:hi], arr[1:2] WHERE id = :batch_start", "SELECT arr[lo:hi], arr[1:2] WHERE id = $1", ["batch_start"]],
  ])("rewrites %s", (_label, sql, text, names) => {
    expect(toPositionalParameters(sql, single)).toEqual({ text, names });
  });

  it("rewrites per-column names of a composite key", () => {
    const known = new Set(["batch_start_tenant", "batch_end_tenant", "batch_start_seq", "batch_end_seq"]);
    const sql = "(tenant, seq) BETWEEN (:batch_start_tenant, :batch_start_seq) AND (:batch_end_tenant, :batch_end_seq)";
    expect(toPositionalParameters(sql, known)).toEqual({
      text: "(tenant, seq) BETWEEN ($1, $2) AND ($3, $4)",
      names: ["batch_start_tenant", "batch_start_seq", "batch_end_tenant", "batch_end_seq"],
    });
  });

  it("refuses a :batch_ name it does not bind, naming those it does", () => {
    expect(() => toPositionalParameters("id BETWEEN :batch_begin AND :batch_end", single)).toThrow(BackfillConfigError);
    expect(() => toPositionalParameters("id BETWEEN :batch_begin AND :batch_end", single)).toThrow(/:batch_begin.*:batch_start, :batch_end/);
  });

  it("keeps an unterminated string as written", () => {
    expect(toPositionalParameters("SELECT ':batch_start", single)).toEqual({ text: "SELECT ':batch_start", names: [] });
  });
});
