import { openRunSession, type RunSession } from "../../app/run/run-session.js";
import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { lintReporters } from "../reporters/lint-reporters.js";
import { planRules } from "../../lint/rules/plan-rules.js";

export interface SessionFlags {
  readonly config?: string;
  readonly env?: string;
  readonly state?: string;
}

/** The options every command that touches a run shares: `sessionOptions.config` etc. */
export const sessionOptions = {
  config: ["--config <file>", "bindings file (default: bascule.config.yaml beside the plan)"],
  env: ["--env <name>", "environment of the bindings to use (environments.<name>)"],
  state: ["--state <file>", "state database (default: .bascule/state.db beside the plan)"],
} as const;

/**
 * Opens the plan, its bindings and its store, or ends the command the way lint would: a plan
 * with lint errors is refused with those errors (exit 1), unreadable input exits 2.
 */
export function openSessionOrExit(io: CliIo, planPath: string, flags: SessionFlags, version: string, openStore = true): RunSession {
  const opened = openRunSession({ planPath, cwd: io.cwd, configPath: flags.config, environment: flags.env, statePath: flags.state, env: io.env, openStore });
  switch (opened.kind) {
    case "session":
      return opened.session;
    case "unreadable-plan":
      throw new CliError(`${opened.path}:${opened.line ?? 1}:${opened.column ?? 1}: ${opened.message}`, 2);
    case "lint-errors": {
      const run = {
        files: [{ path: opened.path, text: opened.text, diagnostics: opened.report.diagnostics.filter((d) => d.severity === "error"), unreadable: false }],
        errorCount: opened.report.errorCount,
        warningCount: 0,
        infoCount: 0,
        exitCode: 1 as const,
      };
      io.stderr(lintReporters.stylish(run, { color: io.color, rules: planRules, toolVersion: version }));
      throw new CliError(`the plan has lint errors; fix them before running it`, 1);
    }
    case "invalid-bindings": {
      const run = {
        files: [{ path: opened.file, text: opened.text, diagnostics: opened.diagnostics, unreadable: false }],
        errorCount: opened.diagnostics.length,
        warningCount: 0,
        infoCount: 0,
        exitCode: 2 as const,
      };
      io.stderr(lintReporters.stylish(run, { color: io.color, rules: planRules, toolVersion: version }));
      throw new CliError(`the bindings file is not valid`, 2);
    }
    case "bad-state":
      throw new CliError(opened.message, 2);
  }
}

/** Who is acting: `--as`, else BASCULE_ACTOR, else the login name. */
export function resolveActor(io: CliIo, explicit?: string): string {
  return explicit ?? io.env.BASCULE_ACTOR ?? io.env.USER ?? io.env.LOGNAME ?? "unknown";
}
