import { Command, CommanderError } from "@commander-js/extra-typings";
import { readFileSync } from "node:fs";
import { CliError } from "./cli-error.js";
import { type CliIo, processIo } from "./cli-io.js";
import { lintCommand } from "./commands/lint-command.js";
import { monitorCommand } from "./commands/monitor-command.js";
import { dataCommand } from "./commands/data-command.js";
import { continueCommands } from "./commands/continue-commands.js";
import { historyCommands } from "./commands/history-commands.js";
import { planCommand } from "./commands/plan-command.js";
import { runCommand } from "./commands/run-command.js";
import { signCommands } from "./commands/sign-commands.js";
import { statusCommand } from "./commands/status-command.js";
import { schemaCommand } from "./commands/schema-command.js";

const packageVersion = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

/**
 * Runs one command line and returns its exit code. The one error boundary of the CLI:
 * usage errors exit 2, user-facing failures print one line, and nothing prints a stack.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = 0;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const program = new Command("bascule")
    .description("Lint, explain and run migration-strategy.yaml plans.")
    .version(packageVersion, "-v, --version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  program.addCommand(lintCommand(io, packageVersion, setExit));
  program.addCommand(schemaCommand(io, setExit));
  program.addCommand(planCommand(io, packageVersion, setExit));
  program.addCommand(runCommand(io, packageVersion, setExit));
  program.addCommand(statusCommand(io, packageVersion, setExit));
  program.addCommand(monitorCommand(io, packageVersion, setExit));
  program.addCommand(dataCommand(io, packageVersion, setExit));
  for (const command of signCommands(io, packageVersion, setExit)) program.addCommand(command);
  for (const command of continueCommands(io, packageVersion, setExit)) program.addCommand(command);
  for (const command of historyCommands(io, packageVersion, setExit)) program.addCommand(command);
  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit through here too, with code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof CliError) {
      io.stderr(`bascule: ${error.message}\n`);
      return error.exitCode;
    }
    const detail = io.env.BASCULE_DEBUG ? `\n${(error as Error).stack ?? String(error)}` : " (set BASCULE_DEBUG=1 for details)";
    io.stderr(`bascule: internal error: ${(error as Error).message ?? String(error)}${detail}\n`);
    return 2;
  }
}
