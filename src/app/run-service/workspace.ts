import type { LintReport } from "../../lint/lint-plan.js";
import type { Diagnostic } from "../../lint/diagnostic.js";
import { openDryRunSession } from "../run/open-dry-run-session.js";
import type { RunPorts } from "../run/run-plan.js";
import { openRunSession, type RunSession, type SessionProblem } from "../run/run-session.js";
import { openRunSessionOrStoredPlan, type StoredPlanUse } from "../run/stored-plan.js";
import { createSystemPorts } from "../run/system-ports.js";
import { type Refusal, refusal } from "./refusal.js";

/** What a front end names to work on a plan: the file, its bindings, its environment and its state store. */
export interface WorkspaceRequest {
  readonly planPath: string;
  /** Folder that relative paths start from. */
  readonly cwd: string;
  /** The bindings file. @default bascule.config.yaml beside the plan, when there is one */
  readonly configPath?: string;
  /** The bindings' environment (`environments.<name>`); part of which run is the plan's. */
  readonly environment?: string;
  /** The state store: a SQLite path or `sqlite:PATH`. @default .bascule/state.db beside the plan */
  readonly state?: string;
  /** Variables for the bindings' `${VAR}`s and the commands a run starts. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * `stored-plan-fallback` for what must work when the plan file broke mid-run (status, logs,
   * rollback): the plan as its run kept it stands in. `dry-run` opens no store and lets a plan
   * whose only lint errors are missing files through. `no-store` reads the plan as strictly but
   * opens no store (monitoring touches no run). @default "strict"
   */
  readonly mode?: "strict" | "stored-plan-fallback" | "dry-run" | "no-store";
}

/** A plan opened with its bindings, its state store and the adapters its runs use. */
export interface Workspace {
  readonly session: RunSession;
  readonly ports: RunPorts;
  /** The variables commands of its runs start with. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Set when the plan its latest run kept stands in for a broken plan file. */
  readonly storedPlan?: StoredPlanUse;
  close(): Promise<void>;
}

/** Why a workspace did not open, with what a front end needs to show it (lint findings, the bindings' diagnostics). */
export type WorkspaceRefusal = Refusal &
  (
    | { readonly reason: "plan-unreadable"; readonly path: string; readonly line?: number; readonly column?: number }
    | { readonly reason: "plan-invalid"; readonly path: string; readonly text: string; readonly report: LintReport }
    | { readonly reason: "bindings-invalid"; readonly file: string; readonly text: string; readonly diagnostics: readonly Diagnostic[] }
    | { readonly reason: "state-unavailable" }
  );

export type WorkspaceOpened = { readonly kind: "workspace"; readonly workspace: Workspace } | WorkspaceRefusal;

/** Opens a plan for the run service; the adapters are chosen here, once, for every front end. */
export async function openWorkspace(request: WorkspaceRequest): Promise<WorkspaceOpened> {
  const options = { planPath: request.planPath, cwd: request.cwd, configPath: request.configPath, environment: request.environment, statePath: request.state, env: request.env };
  const mode = request.mode ?? "strict";
  const opened =
    mode === "stored-plan-fallback"
      ? await openRunSessionOrStoredPlan(options)
      : mode === "dry-run"
        ? openDryRunSession(options)
        : openRunSession({ ...options, openStore: mode !== "no-store" });
  if (opened.kind !== "session") return refuseWorkspace(opened);
  const { session } = opened;
  const storedPlan = "storedPlan" in opened ? opened.storedPlan : undefined;
  return {
    kind: "workspace",
    workspace: {
      session,
      ports: createSystemPorts(session.planDir, session.bindings),
      env: request.env,
      ...(storedPlan ? { storedPlan } : {}),
      close: () => (mode === "dry-run" || mode === "no-store" ? Promise.resolve() : session.store.close()),
    },
  };
}

function refuseWorkspace(problem: SessionProblem): WorkspaceRefusal {
  switch (problem.kind) {
    case "unreadable-plan":
      return { ...refusal("plan-unreadable", problem.message), reason: "plan-unreadable", path: problem.path, line: problem.line, column: problem.column };
    case "lint-errors":
      return {
        ...refusal("plan-invalid", "the plan has lint errors; fix them before running it"),
        reason: "plan-invalid",
        path: problem.path,
        text: problem.text,
        report: problem.report,
      };
    case "invalid-bindings":
      return {
        ...refusal("bindings-invalid", "the bindings file is not valid"),
        reason: "bindings-invalid",
        file: problem.file,
        text: problem.text,
        diagnostics: problem.diagnostics,
      };
    case "bad-state":
      return { ...refusal("state-unavailable", problem.message), reason: "state-unavailable" };
  }
}

/** Runs `work` on an opened workspace and closes it after, whatever `work` returns or throws. */
export async function withWorkspace<T>(request: WorkspaceRequest, work: (workspace: Workspace) => Promise<T>): Promise<T | WorkspaceRefusal> {
  const opened = await openWorkspace(request);
  if (opened.kind !== "workspace") return opened;
  try {
    return await work(opened.workspace);
  } finally {
    await opened.workspace.close();
  }
}
