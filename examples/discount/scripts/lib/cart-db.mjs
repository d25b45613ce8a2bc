#!/usr/bin/env node
// The example's stand-in for the sqlite3 CLI, so a machine with only Node can run it. Uses
// better-sqlite3 from the repo's node_modules.
//   cart-db.mjs DB 'SQL; SQL'   runs the statements in order (stdin when no SQL is given) and
//                               prints each row as sqlite3 -batch does: '|'-separated, NULL empty
//   cart-db.mjs DB dump TABLE   prints TABLE as SQL: CREATE TABLE, its indexes, one INSERT a row
//   cart-db.mjs DB read FILE    runs FILE ('-' for stdin) in one transaction; the file's own
//                               BEGIN/COMMIT lines are dropped, so a dump loads atomically
// Stops at the first failing statement (exit 1), like sqlite3 -bail; an open transaction is
// rolled back when the connection closes.
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";

const [file, ...args] = process.argv.slice(2);
if (!file || file.startsWith("-")) usage();
let db;
try {
  db = new Database(file);
  if (args[0] === "dump" && args.length === 2) dump(args[1]);
  else if (args[0] === "read" && args.length === 2) read(args[1]);
  else run(splitStatements(args.length > 0 ? args.join(" ") : readFileSync(0, "utf8")));
} catch (error) {
  console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  db?.close();
}

function usage() {
  console.error("usage: cart-db.mjs DB [SQL] | cart-db.mjs DB dump TABLE | cart-db.mjs DB read FILE|-");
  process.exit(2);
}

function run(statements) {
  for (const sql of statements) {
    const statement = db.prepare(sql);
    if (!statement.reader) {
      statement.run();
      continue;
    }
    for (const row of statement.raw(true).all()) console.log(row.map(formatValue).join("|"));
  }
}

function read(path) {
  const control = /^(BEGIN(\s+(DEFERRED|IMMEDIATE|EXCLUSIVE))?(\s+TRANSACTION)?|COMMIT|END)(\s+TRANSACTION)?$/i;
  const statements = splitStatements(readFileSync(path === "-" ? 0 : path, "utf8")).filter((s) => !control.test(s));
  db.transaction(() => run(statements))();
}

function dump(table) {
  const create = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table);
  if (create === undefined) throw new Error(`no such table: ${table}`);
  const columns = db.prepare("SELECT name FROM pragma_table_info(?) ORDER BY cid").pluck().all(table);
  const quoteId = (name) => `"${name.replace(/"/g, '""')}"`;
  // quote() is SQLite's own literal syntax: text escaped, blobs as X'..', NULL as NULL.
  const values = columns.map((c) => `quote(${quoteId(c)})`).join(" || ',' || ");
  const lines = ["PRAGMA foreign_keys=OFF;", "BEGIN TRANSACTION;", `${create};`];
  for (const row of db.prepare(`SELECT ${values} FROM ${quoteId(table)} ORDER BY rowid`).pluck().all()) {
    lines.push(`INSERT INTO ${quoteId(table)} VALUES(${row});`);
  }
  const extras = db.prepare("SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL").pluck().all(table);
  lines.push(...extras.map((sql) => `${sql};`), "COMMIT;");
  console.log(lines.join("\n"));
}

function formatValue(value) {
  if (value === null) return "";
  if (Buffer.isBuffer(value)) return value.toString("utf8");
  return String(value);
}

/** Splits SQL text on the semicolons outside quotes and comments (no trigger bodies). */
function splitStatements(text) {
  const statements = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"' || c === "`" || c === "[") {
      const close = c === "[" ? "]" : c;
      i = text.indexOf(close, i + 1);
      if (i === -1) break;
    } else if (c === "-" && text[i + 1] === "-") {
      i = text.indexOf("\n", i);
      if (i === -1) break;
    } else if (c === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i + 2);
      if (i === -1) break;
      i++;
    } else if (c === ";") {
      statements.push(text.slice(start, i));
      start = i + 1;
    }
  }
  statements.push(text.slice(start));
  return statements.map(stripComments).filter((s) => s !== "");
}

/** A statement without its leading comments and surrounding space; "" when nothing else is left. */
function stripComments(statement) {
  let s = statement.trim();
  for (;;) {
    if (s.startsWith("--")) s = s.includes("\n") ? s.slice(s.indexOf("\n") + 1).trim() : "";
    else if (s.startsWith("/*")) s = s.includes("*/") ? s.slice(s.indexOf("*/") + 2).trim() : "";
    else return s;
  }
}
