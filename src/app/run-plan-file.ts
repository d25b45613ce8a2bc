import type { Actor } from "../ports/actor.js";
import { createSystemPorts } from "./run/system-ports.js";
import type { Prompter, RunObserver } from "./run/drive-run.js";
import { type RunPlanResult, runPlan } from "./run/run-plan.js";
import { openRunSession, type SessionProblem } from "./run/run-session.js";

export interface RunPlanFileOptions {
  /**
   * Who runs it: recorded as the run's starter, who may then not approve its gates, and with
   * every event the run appends. A bare name acts through the library.
   */
  readonly actor: string | Actor;
  /** Folder that relative paths start from. @default process.cwd() */
  readonly cwd?: string;
  /** The bindings file. @default bascule.config.yaml beside the plan, when there is one */
  readonly configPath?: string;
  /** The bindings' environment to use (`environments.<name>`). */
  readonly environment?: string;
  /** The SQLite state file, as a path or `sqlite:PATH`. @default .bascule/state.db beside the plan */
  readonly statePath?: string;
  /** Variables for the bindings' `${VAR}`s and the commands the run starts. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Run outside the plan's migration window (the override is journaled). @default false */
  readonly ignoreWindow?: boolean;
  /** Compresses every wait. @default the bindings' time_scale, else 1 */
  readonly timeScale?: number;
  /** Start another run on purpose once the latest one has ended. @default false */
  readonly forceNew?: boolean;
  /** Sees each journal record and each command's output as the run goes. */
  readonly observer?: RunObserver;
  /** Answers what the run waits for; without one, the run pauses instead. */
  readonly prompter?: Prompter;
  /** Aborting stops the run after the command now running. */
  readonly signal?: AbortSignal;
}

/** Why the plan could not be opened (`SessionProblem`), or how far its run went (`RunPlanResult`). */
export type RunPlanFileResult = SessionProblem | RunPlanResult;

/**
 * `bascule run` as a library call: opens the plan file, its bindings and its state store, then
 * starts the plan's run or continues its unfinished one with real commands, SQL and the system
 * clock, until it finishes or waits for a person. The store is closed before it returns.
 */
export async function runPlanFile(planPath: string, options: RunPlanFileOptions): Promise<RunPlanFileResult> {
  const env = options.env ?? process.env;
  const opened = openRunSession({
    planPath,
    cwd: options.cwd ?? process.cwd(),
    configPath: options.configPath,
    environment: options.environment,
    statePath: options.statePath,
    env,
  });
  if (opened.kind !== "session") return opened;
  const { session } = opened;
  try {
    return await runPlan({
      session,
      ports: createSystemPorts(session.planDir, session.bindings),
      actor: typeof options.actor === "string" ? { name: options.actor, via: "library" } : options.actor,
      ignoreWindow: options.ignoreWindow === true,
      timeScale: options.timeScale,
      forceNew: options.forceNew === true,
      env,
      pid: process.pid,
      observer: options.observer,
      prompter: options.prompter,
      signal: options.signal,
    });
  } finally {
    await session.store.close();
  }
}
