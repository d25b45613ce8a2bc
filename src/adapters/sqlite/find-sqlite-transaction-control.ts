/** A statement of a SQLite text that begins or ends a transaction. */
export interface SqliteTransactionControl {
  /** Its first word, upper-cased: `BEGIN`, `COMMIT`, `END` or `ROLLBACK`. */
  readonly statement: string;
  /** 1-based line of the text where it starts. */
  readonly line: number;
}

interface Token {
  /** A word upper-cased, `;`, or any other character. */
  readonly text: string;
  readonly line: number;
}

const controlWords = new Set(["BEGIN", "COMMIT", "END", "ROLLBACK"]);
const wordPattern = /[\p{L}\p{N}_$]+/uy;

/**
 * The first statement of `sql` that begins or ends a transaction, splitting statements as
 * SQLite does (`sqlite3_complete`): past comments and quoted text, and keeping a trigger's
 * `BEGIN … END` body, whose `;`s end no statement, in one piece. `ROLLBACK TO` a savepoint
 * stays inside the transaction, so it is not one.
 */
export function findSqliteTransactionControl(sql: string): SqliteTransactionControl | undefined {
  let statement: Token[] = [];
  for (const token of tokens(sql)) {
    if (token.text !== ";" || !endsStatement(statement)) {
      statement.push(token);
      continue;
    }
    const control = controlOf(statement);
    if (control !== undefined) return control;
    statement = [];
  }
  return controlOf(statement);
}

function controlOf(statement: readonly Token[]): SqliteTransactionControl | undefined {
  const [first, second, third] = statement;
  if (first === undefined || !controlWords.has(first.text)) return undefined;
  if (first.text === "ROLLBACK" && (second?.text === "TO" || (second?.text === "TRANSACTION" && third?.text === "TO"))) return undefined;
  return { statement: first.text, line: first.line };
}

/** Whether a `;` after these tokens ends the statement: inside a trigger only right after its body's `END`. */
function endsStatement(statement: readonly Token[]): boolean {
  const words = statement.slice(0, 3).map((token) => token.text);
  const trigger = words[0] === "CREATE" && (words[1] === "TRIGGER" || ((words[1] === "TEMP" || words[1] === "TEMPORARY") && words[2] === "TRIGGER"));
  if (!trigger) return true;
  return statement.at(-1)?.text === "END" && statement.at(-2)?.text === ";";
}

/** Words, `;` and other characters of `sql`, skipping whitespace, comments and quoted text. */
function* tokens(sql: string): Generator<Token> {
  let line = 1;
  let i = 0;
  const skipTo = (end: number): void => {
    for (let j = i; j < end; j++) if (sql[j] === "\n") line++;
    i = end;
  };
  while (i < sql.length) {
    const char = sql[i]!;
    const two = sql.slice(i, i + 2);
    if (/\s/.test(char)) skipTo(i + 1);
    else if (two === "--") skipTo(indexOrEnd(sql, "\n", i));
    else if (two === "/*") skipTo(Math.min(sql.length, indexOrEnd(sql, "*/", i + 2) + 2));
    else if (char === "'" || char === '"' || char === "`") skipTo(endOfQuoted(sql, i, char));
    else if (char === "[") skipTo(Math.min(sql.length, indexOrEnd(sql, "]", i) + 1));
    else {
      wordPattern.lastIndex = i;
      const word = wordPattern.exec(sql)?.[0];
      yield { text: word === undefined ? char : word.toUpperCase(), line };
      i += word?.length ?? 1;
    }
  }
}

function indexOrEnd(sql: string, search: string, from: number): number {
  const at = sql.indexOf(search, from);
  return at === -1 ? sql.length : at;
}

/** The index after a quoted string or identifier, whose quote is escaped by doubling it. */
function endOfQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] !== quote) return i + 1;
      i += 2;
    } else {
      i += 1;
    }
  }
  return sql.length;
}
