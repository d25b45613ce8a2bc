import { openWorkspace, type Workspace, type WorkspaceRefusal, type WorkspaceRequest } from "../../app/run-service/workspace.js";
import type { Actor } from "../../ports/actor.js";
import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { printErrors } from "../reporters/print-errors.js";

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
 * Opens the plan's workspace (plan, bindings, state store, adapters) through the run service,
 * or ends the command the way lint would: a plan with lint errors is refused with those errors
 * (exit 1), unreadable input exits 2. `stored-plan-fallback` (status, logs, rollback) tells the
 * user when the plan its run kept stands in for a broken file.
 */
export async function openWorkspaceOrExit(io: CliIo, planPath: string, flags: SessionFlags, version: string, mode: WorkspaceRequest["mode"] = "strict"): Promise<Workspace> {
  const opened = await openWorkspace({ planPath, cwd: io.cwd, configPath: flags.config, environment: flags.env, state: flags.state, env: io.env, mode });
  if (opened.kind === "workspace") {
    const stored = opened.workspace.storedPlan;
    if (stored !== undefined) {
      const changed = stored.changes.length > 0 ? ` Changed in the file since: ${stored.changes.join(", ")}.` : "";
      io.stderr(`bascule: warning: ${stored.problem}
bascule: using the plan as run ${stored.runId} last ran it, kept in its journal.${changed}
`);
    }
    return opened.workspace;
  }
  throw workspaceError(io, opened, version);
}

function workspaceError(io: CliIo, refused: WorkspaceRefusal, version: string): CliError {
  switch (refused.reason) {
    case "plan-unreadable":
      return new CliError(`${refused.path}:${refused.line ?? 1}:${refused.column ?? 1}: ${refused.message}`, 2);
    case "plan-invalid":
      printErrors(
        io,
        version,
        refused.path,
        refused.text,
        refused.report.diagnostics.filter((d) => d.severity === "error"),
      );
      return new CliError(refused.message, 1);
    case "bindings-invalid":
      printErrors(io, version, refused.file, refused.text, refused.diagnostics);
      return new CliError(refused.message, 2);
    case "state-unavailable":
      return new CliError(refused.message, 2);
  }
}

/** Who acts through the CLI: `--as`, else BASCULE_ACTOR, else the login name (`resolveActor`). */
export function cliActor(io: CliIo, explicit?: string): Actor {
  return { name: resolveActor(io, explicit), via: "cli" };
}

/**
 * Who is acting: `--as`, else BASCULE_ACTOR, else the operating system's user, else $USER or
 * $LOGNAME (which a service manager or `env -i` may leave unset), else "unknown".
 */
export function resolveActor(io: CliIo, explicit?: string): string {
  const named = (name: string | undefined) => (name === undefined || name.trim() === "" ? undefined : name);
  return named(explicit) ?? named(io.env.BASCULE_ACTOR) ?? named(io.osUser?.()) ?? named(io.env.USER) ?? named(io.env.LOGNAME) ?? "unknown";
}
