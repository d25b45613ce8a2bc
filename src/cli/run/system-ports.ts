import { ShellCommandRunner } from "../../adapters/shell/shell-command-runner.js";
import { SqliteSqlRunner } from "../../adapters/sqlite/sqlite-sql-runner.js";
import { SystemClock } from "../../adapters/system-clock.js";
import type { RunPorts } from "../../app/run/run-plan.js";

/** The real world: bash, SQLite files, the system clock. */
export function createSystemPorts(planDir: string): RunPorts {
  return { commands: new ShellCommandRunner(), sql: new SqliteSqlRunner(planDir), clock: new SystemClock() };
}
