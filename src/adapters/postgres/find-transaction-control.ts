/** A statement of a SQL text that begins, ends or prepares a transaction. */
export interface TransactionControl {
  /** Its first words as written, e.g. `COMMIT` or `START TRANSACTION`. */
  readonly statement: string;
  /** 1-based line of the text where it starts. */
  readonly line: number;
}

const controlStatement = /^\s*(begin|start\s+transaction|commit|end|rollback|abort|prepare\s+transaction)\b(\s+to\b)?/i;
const identifierChar = /[A-Za-z0-9_$]/;

/**
 * The first top-level statement of `sql` that manages a transaction itself, looking past
 * comments, quoted strings and identifiers, and dollar-quoted bodies (where PL/pgSQL's own
 * BEGIN and END live). `ROLLBACK TO` a savepoint is not one: it stays inside the transaction.
 * Inside an SQL-standard `BEGIN ATOMIC … END` body `END` is not a statement, so a text with
 * one is only checked for the other words.
 */
export function findTransactionControl(sql: string): TransactionControl | undefined {
  const skeleton = blankOutLiterals(sql);
  const hasAtomicBody = /\bbegin\s+atomic\b/i.test(skeleton);
  let offset = 0;
  for (const statement of skeleton.split(";")) {
    const match = controlStatement.exec(statement);
    const start = offset;
    offset += statement.length + 1;
    if (match === null || match[2] !== undefined) continue;
    const words = match[1] ?? "";
    if (hasAtomicBody && words.toLowerCase() === "end") continue;
    const at = start + statement.search(/\S/);
    return { statement: words.replace(/\s+/g, " ").toUpperCase(), line: sql.slice(0, at).split("\n").length };
  }
  return undefined;
}

/** `sql` with comments, strings, quoted identifiers and dollar-quoted text turned into spaces (newlines kept). */
function blankOutLiterals(sql: string): string {
  let out = "";
  let i = 0;
  const blank = (end: number) => {
    out += sql.slice(i, end).replace(/[^\n]/g, " ");
    i = end;
  };
  while (i < sql.length) {
    const two = sql.slice(i, i + 2);
    const char = sql[i] ?? "";
    if (two === "--") {
      const newline = sql.indexOf("\n", i);
      blank(newline === -1 ? sql.length : newline);
    } else if (two === "/*") {
      blank(endOfBlockComment(sql, i));
    } else if (char === "'") {
      const escapes = /[eE]/.test(sql[i - 1] ?? "") && !identifierChar.test(sql[i - 2] ?? "");
      blank(endOfQuoted(sql, i, "'", escapes));
    } else if (char === '"') {
      blank(endOfQuoted(sql, i, '"', false));
    } else if (char === "$" && !identifierChar.test(sql[i - 1] ?? "")) {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i))?.[0];
      if (tag === undefined) {
        out += char;
        i += 1;
      } else {
        const close = sql.indexOf(tag, i + tag.length);
        blank(close === -1 ? sql.length : close + tag.length);
      }
    } else {
      out += char;
      i += 1;
    }
  }
  return out;
}

function endOfBlockComment(sql: string, start: number): number {
  // PostgreSQL's block comments nest.
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    const two = sql.slice(i, i + 2);
    if (two === "/*") {
      depth += 1;
      i += 2;
    } else if (two === "*/") {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else {
      i += 1;
    }
  }
  return sql.length;
}

function endOfQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const char = sql[i];
    if (backslashEscapes && char === "\\") {
      i += 2;
    } else if (char === quote) {
      if (sql[i + 1] !== quote) return i + 1;
      i += 2;
    } else {
      i += 1;
    }
  }
  return sql.length;
}
