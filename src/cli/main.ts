import { Command, CommanderError, type CommandUnknownOpts } from "@commander-js/extra-typings";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../app/package-root.js";
import { CliError } from "./cli-error.js";
import { type CliIo, processIo } from "./cli-io.js";

const packageVersion = (JSON.parse(readFileSync(join(packageRoot(import.meta.url), "package.json"), "utf8")) as { version: string }).version;

type CommandFactory = (io: CliIo, version: string, setExit: (code: number) => void) => readonly CommandUnknownOpts[];

/**
 * Every command module, by the command names it defines, in help order. A module is imported
 * only when one of its commands runs, so `lint` never loads SQLite, PostgreSQL or the engine.
 */
const commandModules: ReadonlyArray<{ readonly names: readonly string[]; readonly load: () => Promise<CommandFactory> }> = [
  {
    names: ["lint"],
    load: async () => {
      const { lintCommand } = await import("./commands/lint-command.js");
      return (io, version, setExit) => [lintCommand(io, version, setExit)];
    },
  },
  {
    names: ["schema"],
    load: async () => {
      const { schemaCommand } = await import("./commands/schema-command.js");
      return (io, _version, setExit) => [schemaCommand(io, setExit)];
    },
  },
  {
    names: ["plan"],
    load: async () => {
      const { planCommand } = await import("./commands/plan-command.js");
      return (io, version, setExit) => [planCommand(io, version, setExit)];
    },
  },
  {
    names: ["run"],
    load: async () => {
      const { runCommand } = await import("./commands/run-command.js");
      return (io, version, setExit) => [runCommand(io, version, setExit)];
    },
  },
  {
    names: ["status"],
    load: async () => {
      const { statusCommand } = await import("./commands/status-command.js");
      return (io, version, setExit) => [statusCommand(io, version, setExit)];
    },
  },
  {
    names: ["monitor"],
    load: async () => {
      const { monitorCommand } = await import("./commands/monitor-command.js");
      return (io, version, setExit) => [monitorCommand(io, version, setExit)];
    },
  },
  {
    names: ["data"],
    load: async () => {
      const { dataCommand } = await import("./commands/data-command.js");
      return (io, version, setExit) => [dataCommand(io, version, setExit)];
    },
  },
  { names: ["approve", "attest", "resolve"], load: async () => (await import("./commands/sign-commands.js")).signCommands },
  { names: ["decide", "retry", "rollback"], load: async () => (await import("./commands/continue-commands.js")).continueCommands },
  {
    names: ["cleanup"],
    load: async () => {
      const { cleanupCommand } = await import("./commands/cleanup-command.js");
      return (io, version, setExit) => [cleanupCommand(io, version, setExit)];
    },
  },
  { names: ["runs", "logs"], load: async () => (await import("./commands/history-commands.js")).historyCommands },
];

/**
 * Runs one command line and returns its exit code. The one error boundary of the CLI:
 * usage errors exit 2, user-facing failures print one line, and nothing prints a stack.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = 0;
  const setExit = (code: number) => {
    exitCode = code;
  };
  try {
    const program = new Command("bascule")
      .description("Lint, explain and run migration-strategy.yaml plans.")
      .version(packageVersion, "-v, --version")
      .showHelpAfterError("(run with --help for usage)")
      .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
      .exitOverride();
    for (const factory of await loadCommandsFor(argv)) {
      for (const command of factory(io, packageVersion, setExit)) program.addCommand(command);
    }
    for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
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

/**
 * The module of the command named first on the line (the program itself takes no option
 * with a value); every module when none is named, so that help, `help CMD` and the
 * suggestion for a mistyped command see them all, as before.
 */
async function loadCommandsFor(argv: readonly string[]): Promise<CommandFactory[]> {
  const name = argv.find((arg) => !arg.startsWith("-"));
  const named = commandModules.find((module) => name !== undefined && module.names.includes(name));
  return Promise.all((named === undefined ? commandModules : [named]).map((module) => module.load()));
}
