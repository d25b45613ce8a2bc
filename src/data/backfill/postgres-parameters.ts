import { BackfillConfigError } from "./backfill-request.js";

/** A statement with `$n` parameters, and the name each position was written as. */
export interface PositionalSql {
  readonly text: string;
  /** `names[i]` is the value bound to `$${i + 1}`. */
  readonly names: readonly string[];
}

const IDENTIFIER_START = /[A-Za-z_\u0080-\uffff]/;
const IDENTIFIER_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DOLLAR_TAG = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

/** The index just past a quoted run opened at `start` by `quote`; a doubled quote stays inside. */
function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const char = sql[i];
    if (backslashEscapes && char === "\\") i += 2;
    else if (char === quote && sql[i + 1] === quote) i += 2;
    else if (char === quote) return i + 1;
    else i += 1;
  }
  return i;
}

/** The index just past a block comment opened at `start`; PostgreSQL's block comments nest. */
function skipBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith("/*", i)) {
      depth += 1;
      i += 2;
    } else if (sql.startsWith("*/", i)) {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else i += 1;
  }
  return i;
}

/** How far the text that must not be rewritten (a string, quoted name or comment) at `i` reaches, or -1. */
function skipUntouchable(sql: string, i: number): number {
  const char = sql[i];
  const previous = i > 0 ? (sql[i - 1] ?? "") : "";
  const afterWord = IDENTIFIER_PART.test(previous);
  if (char === "'") {
    // E'...' strings take backslash escapes; a lone E before the quote is the prefix, not a name.
    const escaped = (previous === "E" || previous === "e") && (i < 2 || !IDENTIFIER_PART.test(sql[i - 2] ?? ""));
    return skipQuoted(sql, i, "'", escaped);
  }
  if (char === '"') return skipQuoted(sql, i, '"', false);
  if (sql.startsWith("--", i)) {
    const end = sql.indexOf("\n", i);
    return end === -1 ? sql.length : end + 1;
  }
  if (sql.startsWith("/*", i)) return skipBlockComment(sql, i);
  if (char === "$" && !afterWord) {
    const tag = DOLLAR_TAG.exec(sql.slice(i))?.[0];
    if (tag !== undefined) {
      const end = sql.indexOf(tag, i + tag.length);
      return end === -1 ? sql.length : end + tag.length;
    }
  }
  return -1;
}

/**
 * Rewrites the named parameters `:name` of `known` into `$1`, `$2`… (a name used twice keeps
 * its number), leaving casts (`::bigint`), strings, quoted names, comments and dollar-quoted
 * bodies as written. `:batch_…` names this backfill does not bind are refused, since they are
 * a typo PostgreSQL would only report as a syntax error; other `:word`s (array slices) stay.
 */
export function toPositionalParameters(sql: string, known: ReadonlySet<string>): PositionalSql {
  const names: string[] = [];
  let text = "";
  let i = 0;
  while (i < sql.length) {
    const skipTo = skipUntouchable(sql, i);
    if (skipTo !== -1) {
      text += sql.slice(i, skipTo);
      i = skipTo;
      continue;
    }
    if (sql.startsWith("::", i)) {
      text += "::";
      i += 2;
      continue;
    }
    if (sql[i] === ":" && IDENTIFIER_START.test(sql[i + 1] ?? "")) {
      let end = i + 2;
      while (end < sql.length && IDENTIFIER_PART.test(sql[end] ?? "")) end += 1;
      const name = sql.slice(i + 1, end);
      if (known.has(name)) {
        const index = names.includes(name) ? names.indexOf(name) : names.push(name) - 1;
        text += `$${String(index + 1)}`;
        i = end;
        continue;
      }
      if (name.startsWith("batch_")) {
        throw new BackfillConfigError(`the transformation uses :${name}, which this backfill does not bind; it binds ${[...known].map((n) => `:${n}`).join(", ")}`);
      }
    }
    text += sql[i] ?? "";
    i += 1;
  }
  return { text, names };
}
