import { openRunSession, type RunSession } from "../../app/run/run-session.js";
import { openRunSessionOrStoredPlan } from "../../app/run/stored-plan.js";
import { openDryRunSession } from "../../app/run/open-dry-run-session.js";
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
  return sessionOrExit(io, openRunSession({ planPath, cwd: io.cwd, configPath: flags.config, environment: flags.env, statePath: flags.state, env: io.env, openStore }), version);
}

/** For `run --dry-run`: opens and creates nothing, and shows a plan whose only lint errors are missing files. */
export function openDryRunSessionOrExit(io: CliIo, planPath: string, flags: SessionFlags, version: string): RunSession {
  return sessionOrExit(io, openDryRunSession({ planPath, cwd: io.cwd, configPath: flags.config, environment: flags.env, statePath: flags.state, env: io.env }), version);
}

/**
 * For the commands needed most when the plan file breaks mid-run (status, logs, rollback): a plan
 * file that no longer lints or reads is replaced by the plan its run kept, and the user is told so.
 */
export async function openSessionOrStoredPlanOrExit(io: CliIo, planPath: string, flags: SessionFlags, version: string): Promise<RunSession> {
  const opened = await openRunSessionOrStoredPlan({ planPath, cwd: io.cwd, configPath: flags.config, environment: flags.env, statePath: flags.state, env: io.env });
  if (opened.kind === "session" && opened.storedPlan !== undefined) {
    const { runId, problem, changes } = opened.storedPlan;
    const changed = changes.length > 0 ? ` Changed in the file since: ${changes.join(", ")}.` : "";
    io.stderr(`bascule: warning: ${problem}
bascule: using the plan as run ${runId} last ran it, kept in its journal.${changed}
`);
  }
  return sessionOrExit(io, opened, version);
}

function sessionOrExit(io: CliIo, opened: ReturnType<typeof openRunSession>, version: string): RunSession {
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

/**
 * Who is acting: `--as`, else BASCULE_ACTOR, else the operating system's user, else $USER or
 * $LOGNAME (which a service manager or `env -i` may leave unset), else "unknown".
 */
export function resolveActor(io: CliIo, explicit?: string): string {
  const named = (name: string | undefined) => (name === undefined || name.trim() === "" ? undefined : name);
  return named(explicit) ?? named(io.env.BASCULE_ACTOR) ?? named(io.osUser?.()) ?? named(io.env.USER) ?? named(io.env.LOGNAME) ?? "unknown";
}
