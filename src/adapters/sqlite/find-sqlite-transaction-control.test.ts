import { describe, expect, it } from "vitest";
import { findSqliteTransactionControl } from "./find-sqlite-transaction-control.js";

describe("findSqliteTransactionControl", () => {
  it("finds the first statement that begins or ends a transaction, with its line", () => {
    expect(findSqliteTransactionControl("UPDATE t SET x = 1;\ncommit;\nUPDATE t SET x = 2;")).toEqual({ statement: "COMMIT", line: 2 });
    expect(findSqliteTransactionControl("begin immediate;\nUPDATE t SET x = 1;")).toEqual({ statement: "BEGIN", line: 1 });
    expect(findSqliteTransactionControl("DELETE FROM t;\n\n  ROLLBACK TRANSACTION")).toEqual({ statement: "ROLLBACK", line: 3 });
    expect(findSqliteTransactionControl("DELETE FROM t; END TRANSACTION;")).toEqual({ statement: "END", line: 1 });
  });

  it("lets savepoints and ordinary statements through", () => {
    expect(findSqliteTransactionControl("SAVEPOINT a; UPDATE t SET x = 1; ROLLBACK TO a; ROLLBACK TRANSACTION TO SAVEPOINT a; RELEASE a;")).toBeUndefined();
    expect(findSqliteTransactionControl("UPDATE t SET state = CASE WHEN x THEN 'a' ELSE 'b' END; SELECT committed, [end] FROM t;;")).toBeUndefined();
    expect(findSqliteTransactionControl("")).toBeUndefined();
  });

  it("looks past comments, strings and quoted identifiers", () => {
    expect(findSqliteTransactionControl("-- COMMIT;\nSELECT 1;")).toBeUndefined();
    expect(findSqliteTransactionControl("/* ; COMMIT; */ SELECT 1")).toBeUndefined();
    expect(findSqliteTransactionControl("SELECT 'it''s;\nCOMMIT'")).toBeUndefined();
    expect(findSqliteTransactionControl('SELECT 1 AS "x;\nCOMMIT", 2 AS `y; END`, 3 AS [z; ROLLBACK]')).toBeUndefined();
    expect(findSqliteTransactionControl("SELECT '/*';\nCOMMIT; -- */")).toEqual({ statement: "COMMIT", line: 2 });
  });

  it("keeps a trigger's BEGIN … END body, CASE … END inside it included, in one statement", () => {
    const trigger = "CREATE TEMP TRIGGER audit AFTER UPDATE ON t BEGIN\n  INSERT INTO log VALUES (CASE WHEN new.x > 0 THEN 'up' END);\n  DELETE FROM t WHERE 0;\nEND;";
    expect(findSqliteTransactionControl(trigger)).toBeUndefined();
    expect(findSqliteTransactionControl(`${trigger}\nCOMMIT;`)).toEqual({ statement: "COMMIT", line: 5 });
    expect(findSqliteTransactionControl("CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END; END;")).toEqual({ statement: "END", line: 1 });
  });
});
