import { hostname } from "node:os";
import { dirname, resolve } from "node:path";
import type { Diagnostic } from "../../lint/diagnostic.js";
import { lintPlan, type LintReport } from "../../lint/lint-plan.js";
import { buildCheckVocabulary, type CheckVocabulary } from "../../plan/check-kind.js";
import type { PlanDocument } from "../../plan/plan-document.js";
import { indexPlan, type PlanIndex } from "../../plan/plan-index.js";
import type { Plan } from "../../plan/schema/plan-schema.js";
import type { JournalStore } from "../../ports/journal-store.js";
import type { Bindings } from "../bindings/bindings.js";
import { readBindingsFile } from "../bindings/load-bindings.js";
import { type PlanFile, readPlanFile } from "../read-plan-file.js";
import { parsePlanText } from "../../plan/plan-document.js";
import { planFilesIn } from "../local-system.js";
import { openStateStore } from "./system-ports.js";
import { fingerprintSteps, hashPlan } from "./fingerprint-plan.js";
import { identifyRun, type RunIdentity } from "./run-identity.js";
import { parseStateLocation } from "./state-location.js";

/** A plan, its bindings and its state store, opened together for one command. */
export interface RunSession {
  readonly planPath: string;
  readonly planDir: string;
  /** The plan's key in the store (`identity.planKey`). */
  readonly planKey: string;
  /** Which runs this session's commands may continue: the plan's, for its environment, in its store. */
  readonly identity: RunIdentity;
  readonly document: PlanDocument;
  readonly plan: Plan;
  readonly planHash: string;
  readonly fingerprints: Readonly<Record<string, string>>;
  readonly index: PlanIndex;
  readonly vocabulary: CheckVocabulary;
  readonly bindings: Bindings;
  readonly secrets: readonly string[];
  readonly store: JournalStore;
  readonly statePath: string;
  readonly host: string;
  /** The bindings' environment chosen with `--env`. */
  readonly environment?: string;
}

export interface SessionOptions {
  readonly planPath: string;
  readonly cwd: string;
  readonly configPath?: string;
  readonly environment?: string;
  /** A state database path; default `.bascule/state.db` beside the plan. */
  readonly statePath?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** False for a dry run: read everything, create and open nothing. @default true */
  readonly openStore?: boolean;
  /** The plan's text from elsewhere (the copy its run kept in the journal), read instead of the file. */
  readonly planText?: string;
  /**
   * False to open a plan despite lint errors the caller has already weighed: a dry run that lists
   * missing files, or a plan that passed lint when its run started. @default true
   */
  readonly refuseLintErrors?: boolean;
}

/** Why a session could not open: each maps to a message and an exit code at the front end. */
export type SessionProblem =
  | { readonly kind: "unreadable-plan"; readonly path: string; readonly message: string; readonly line?: number; readonly column?: number }
  | { readonly kind: "lint-errors"; readonly path: string; readonly text: string; readonly report: LintReport }
  | { readonly kind: "invalid-bindings"; readonly file: string; readonly text: string; readonly diagnostics: readonly Diagnostic[] }
  | { readonly kind: "bad-state"; readonly message: string };

export function openRunSession(options: SessionOptions): { kind: "session"; session: RunSession } | SessionProblem {
  const planPath = resolve(options.cwd, options.planPath);
  const planDir = dirname(planPath);
  const file = options.planText === undefined ? readPlanFile(planPath) : parseGivenPlan(planPath, options.planText);
  if (file.kind === "unreadable-plan") {
    return { kind: "unreadable-plan", path: options.planPath, message: file.problem.message, line: file.problem.line, column: file.problem.column };
  }
  const loaded = readBindingsFile(options.configPath, { planDir, environment: options.environment, env: options.env, cwd: options.cwd });
  if (loaded.kind === "invalid") return { kind: "invalid-bindings", file: loaded.file, text: loaded.text, diagnostics: loaded.diagnostics };
  const bindingsVocabulary = { metricNames: [...loaded.bindings.metrics.keys()], checks: loaded.bindings.checks };
  const plan = file.document.plan;
  if (options.refuseLintErrors !== false || plan === undefined) {
    const report = lintPlan(file.document, { files: planFilesIn(planDir), bindings: bindingsVocabulary });
    if (report.errorCount > 0 || plan === undefined) return { kind: "lint-errors", path: options.planPath, text: file.document.text, report };
  }
  const location = parseStateLocation(options.statePath, options.cwd, planDir);
  if (location.kind === "unsupported") return { kind: "bad-state", message: location.message };
  const statePath = location.path;
  let store: JournalStore | undefined;
  if (options.openStore !== false) {
    try {
      store = openStateStore(statePath);
    } catch (error) {
      return { kind: "bad-state", message: `cannot open the state store ${statePath}: ${(error as Error).message}` };
    }
  }
  const index = indexPlan(plan);
  const identity = identifyRun({ raw: file.document.raw, planPath, statePath, environment: options.environment, label: options.planPath });
  const session: RunSession = {
    planPath,
    planDir,
    planKey: identity.planKey,
    identity,
    document: file.document,
    plan,
    planHash: hashPlan(plan),
    fingerprints: fingerprintSteps(plan),
    index,
    vocabulary: buildCheckVocabulary(plan, index, bindingsVocabulary),
    bindings: loaded.bindings,
    secrets: loaded.secrets,
    // A dry run never creates the store: touching nothing includes the state file.
    get store(): JournalStore {
      if (store === undefined) throw new Error("this command opened the plan without its state store");
      return store;
    },
    statePath,
    host: hostname(),
    ...(options.environment ? { environment: options.environment } : {}),
  };
  return { kind: "session", session };
}

/** The SQLite file the plan's runs are kept in, unless `--state` names a store that does not exist yet. */
export function resolveStatePath(options: Pick<SessionOptions, "planPath" | "cwd" | "statePath">): string | undefined {
  const location = parseStateLocation(options.statePath, options.cwd, dirname(resolve(options.cwd, options.planPath)));
  return location.kind === "sqlite" ? location.path : undefined;
}

function parseGivenPlan(path: string, text: string): PlanFile {
  const document = parsePlanText(text);
  return document.kind === "source-problem" ? { kind: "unreadable-plan", path, text, problem: document } : { kind: "plan-file", path, document };
}
