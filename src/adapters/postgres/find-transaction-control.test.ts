import { describe, expect, it } from "vitest";
import { findTransactionControl } from "./find-transaction-control.js";

describe("findTransactionControl", () => {
  it("finds the first statement that begins, ends or prepares a transaction, with its line", () => {
    expect(findTransactionControl("UPDATE t SET x = 1;\ncommit;\nUPDATE t SET x = 2;")).toEqual({ statement: "COMMIT", line: 2 });
    expect(findTransactionControl("begin;\nUPDATE t SET x = 1;")).toEqual({ statement: "BEGIN", line: 1 });
    expect(findTransactionControl("SELECT 1;\n\n  START\n  TRANSACTION ISOLATION LEVEL SERIALIZABLE;")).toEqual({ statement: "START TRANSACTION", line: 3 });
    expect(findTransactionControl("DELETE FROM t; ROLLBACK")).toEqual({ statement: "ROLLBACK", line: 1 });
    expect(findTransactionControl("DELETE FROM t; END;")).toEqual({ statement: "END", line: 1 });
    expect(findTransactionControl("PREPARE TRANSACTION 'x'")).toEqual({ statement: "PREPARE TRANSACTION", line: 1 });
  });

  it("lets savepoints and ordinary statements through", () => {
    expect(findTransactionControl("SAVEPOINT a; UPDATE t SET x = 1; ROLLBACK TO SAVEPOINT a; RELEASE a;")).toBeUndefined();
    expect(findTransactionControl("ROLLBACK TO a")).toBeUndefined();
    expect(findTransactionControl("UPDATE t SET state = CASE WHEN x THEN 'a' ELSE 'b' END; SELECT committed FROM t")).toBeUndefined();
    expect(findTransactionControl("")).toBeUndefined();
  });

  it("looks past comments, strings, quoted identifiers and dollar-quoted bodies", () => {
    expect(findTransactionControl("-- COMMIT;\nSELECT 1;")).toBeUndefined();
    expect(findTransactionControl("/* outer /* inner */ ; COMMIT; */ SELECT 1")).toBeUndefined();
    expect(findTransactionControl("SELECT 'it''s;\nCOMMIT'")).toBeUndefined();
    expect(findTransactionControl("SELECT E'\\'; COMMIT; '")).toBeUndefined();
    expect(findTransactionControl('SELECT 1 AS "x;\nCOMMIT"')).toBeUndefined();
    expect(findTransactionControl("DO $$ BEGIN UPDATE t SET x = 1; END $$;")).toBeUndefined();
    expect(findTransactionControl("CREATE FUNCTION f() RETURNS void AS $fn$ BEGIN PERFORM 1; END; $fn$ LANGUAGE plpgsql;\nCOMMIT;")).toEqual({
      statement: "COMMIT",
      line: 2,
    });
  });

  it("reads END inside an SQL-standard BEGIN ATOMIC body as part of it", () => {
    const body = "CREATE PROCEDURE p() BEGIN ATOMIC\n  UPDATE t SET x = 1;\nEND;";
    expect(findTransactionControl(body)).toBeUndefined();
    expect(findTransactionControl(`${body}\nCOMMIT;`)).toEqual({ statement: "COMMIT", line: 4 });
  });
});
