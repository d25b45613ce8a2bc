const upperCaseStatement = /^\s*(ALTER|CREATE|DROP|INSERT|UPDATE|DELETE|TRUNCATE|GRANT|REVOKE|COMMENT ON|REINDEX|VACUUM)\s/;
const anyCaseStatement =
  /^\s*(alter|create|drop|truncate)\s+(table|index|unique\s+index|view|schema|sequence|type|column|trigger|function)\b|^\s*(insert\s+into|delete\s+from|update\s+\w+\s+set)\b/i;

/**
 * Whether a step's command is SQL rather than a shell command: plans write schema changes
 * as SQL among their commands (`ALTER TABLE cart ADD COLUMN …`), and those run against the
 * step's bound database. Only unmistakable statement openings count.
 */
export function isSqlCommand(command: string): boolean {
  return upperCaseStatement.test(command) || anyCaseStatement.test(command);
}

/** Whether a script runs as SQL against the bound database rather than as a program. */
export function isSqlScript(path: string): boolean {
  return /\.sql$/i.test(path.trim());
}
