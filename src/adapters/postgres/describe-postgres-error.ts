import pg from "pg";

/** Advice for the server's refusals to let a connection in, by SQLSTATE. */
const connectionAdvice: Readonly<Record<string, string>> = {
  "28P01": "check the user and password in the URL",
  "28000": "the server's pg_hba.conf does not let this user in from here; check the user, the host and sslmode",
  "3D000": "create the database or fix its name in the URL",
  "57P03": "the server is starting up, shutting down or in recovery; try again when it accepts connections",
};

/** Advice for network failures, by the Node.js error code. */
const networkAdvice: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused; is PostgreSQL running and listening on that host and port?",
  ENOTFOUND: "host not found; check the host name in the URL",
  EAI_AGAIN: "the host name could not be resolved right now; check DNS and the host name in the URL",
  EHOSTUNREACH: "host unreachable; check the host in the URL and the network between here and there",
  ECONNRESET: "the server closed the connection; check sslmode and the server's logs",
  ETIMEDOUT: "the connection attempt timed out; check the host, the port and any firewall in between",
};

/**
 * What a server error says, with its SQLSTATE, where in `sql` it points (as line and column,
 * counted in characters as the server counts them), and the server's detail and hint.
 */
export function describeServerError(error: pg.DatabaseError, sql?: string): string {
  const parts = [`${error.message}${error.code ? ` (${error.code})` : ""}`];
  const place = sql === undefined ? undefined : lineAndColumn(sql, Number(error.position));
  if (place !== undefined) parts[0] += ` at line ${place.line}, column ${place.column}`;
  if (error.detail) parts.push(error.detail);
  if (error.hint) parts.push(`hint: ${error.hint}`);
  if (error.where) parts.push(`where: ${error.where}`);
  return parts.join("; ");
}

/** Why a connection could not be made, with what to check. */
export function describeConnectionFailure(error: unknown): string {
  if (error instanceof pg.DatabaseError) {
    const advice = error.code === undefined ? undefined : connectionAdvice[error.code];
    return `${describeServerError(error)}${advice ? `; ${advice}` : ""}`;
  }
  // Node reports a host with several addresses (localhost: ::1 and 127.0.0.1) as an AggregateError with no message.
  const errors = error instanceof AggregateError && error.errors.length > 0 ? (error.errors as unknown[]) : [error];
  for (const each of errors) {
    const code = (each as NodeJS.ErrnoException | undefined)?.code;
    const advice = code === undefined ? undefined : networkAdvice[code];
    if (advice !== undefined) return `${advice} (${code})`;
  }
  if (errors.length === 1 && error instanceof Error && error.message === "Connection terminated unexpectedly") {
    return "the connection closed before the server answered; check that the host and port serve PostgreSQL, and the sslmode";
  }
  const messages = errors.map((each) => (each instanceof Error ? each.message : String(each))).filter((message) => message !== "");
  return messages.length > 0 ? messages.join("; ") : "the connection failed without a reason";
}

function lineAndColumn(sql: string, position: number): { line: number; column: number } | undefined {
  if (!Number.isInteger(position) || position < 1) return undefined;
  // The server counts characters (code points), 1-based.
  const before = Array.from(sql)
    .slice(0, position - 1)
    .join("");
  const lines = before.split("\n");
  return { line: lines.length, column: Array.from(lines.at(-1) ?? "").length + 1 };
}
