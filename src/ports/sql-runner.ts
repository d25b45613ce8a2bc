export type SqlResult = { readonly kind: "ok"; readonly rowsChanged: number; readonly durationMs: number } | { readonly kind: "error"; readonly message: string };

/**
 * Runs SQL against a system named in the plan and bound in the bindings (a SQLite file or a
 * PostgreSQL URL). Statements run in one transaction: all or nothing.
 */
export interface SqlRunner {
  execute(url: string, sql: string): Promise<SqlResult>;
}
