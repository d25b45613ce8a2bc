import { dirname, resolve } from "node:path";
import type { Diagnostic } from "../lint/diagnostic.js";
import { findMissingFiles } from "../lint/find-missing-files.js";
import { lintPlan } from "../lint/lint-plan.js";
import { planRules } from "../lint/rules/plan-rules.js";
import { readPlanShape } from "../lint/rules/plan-shape.js";
import { explainPlan } from "../planner/explain-plan.js";
import type { PlanExplanation } from "../planner/plan-explanation.js";
import { parseIsoDate } from "../plan/values/iso-date.js";
import type { Clock } from "../ports/clock.js";
import { readBindingsVocabulary } from "./bindings/read-bindings-vocabulary.js";
import { isExecutableInTree } from "./executable-in-tree.js";
import { loadDatasets } from "./run/load-datasets.js";
import type { LoadedBindings } from "./bindings/load-bindings.js";
import type { LintedFile, LintRun } from "./lint-files.js";
import { readPlanFile } from "./read-plan-file.js";
import { planFilesIn } from "./local-system.js";

export interface ExplainPlanFileOptions {
  /** Folder that a relative path starts from. @default process.cwd() */
  readonly cwd?: string;
  /** Where the timeline starts (ms since the epoch). @default the plan's created_date, else now */
  readonly startMs?: number;
  /** Read only when neither `startMs` nor the plan's `created_date` gives a start. */
  readonly clock: Clock;
  /** `--config`: the bindings file. @default bascule.config.yaml beside the plan, when there is one */
  readonly configPath?: string;
  /** `--env`: the bindings' environment. */
  readonly environment?: string;
  /** Variables for the bindings' `${VAR}`s. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export type ExplainedPlanFile =
  /** Nothing to explain: the file is unreadable (exit 2) or is no plan at all (exit 1); lint's report says why. */
  | { readonly kind: "refused"; readonly lint: LintRun; readonly reason?: string }
  /** Bindings named with `--config` or `--env` that cannot be read (exit 2). */
  | { readonly kind: "invalid-bindings"; readonly bindings: Extract<LoadedBindings, { kind: "invalid" }> }
  | {
      readonly kind: "explained";
      readonly lint: LintRun;
      readonly explanation: PlanExplanation;
      /** Lint errors in the plan itself, beyond files its folder lacks: explained as far as it reads (exit 1). */
      readonly planErrorCount: number;
      /** The bindings beside the plan could not be read, so their checks count as unbound. */
      readonly ignoredBindings?: string;
    };

const fileRules = new Set(planRules.filter((rule) => rule.category === "files").map((rule) => rule.id));

/**
 * Reads a plan and its bindings, lints it as `bascule lint` does, and explains it even when
 * lint finds errors: files missing from the folder are listed, and the order, gates and
 * timeline are still what a run would follow once they are there. No side effects.
 */
export function explainPlanFile(path: string, options: ExplainPlanFileOptions): ExplainedPlanFile {
  const absolute = resolve(options.cwd ?? ".", path);
  const planDir = dirname(absolute);
  const file = readPlanFile(absolute);
  if (file.kind === "unreadable-plan") {
    const line = file.problem.line ?? 1;
    const column = file.problem.column ?? 1;
    // The same one diagnostic `bascule lint` reports for a file that is no plan.
    const diagnostic: Diagnostic = {
      rule: "source",
      severity: "error",
      message: file.problem.message,
      path: [],
      line,
      column,
      endLine: line,
      endColumn: column + 1,
    };
    return { kind: "refused", lint: summarize({ path, text: file.text, diagnostics: [diagnostic], unreadable: true }) };
  }
  const { document } = file;
  const explicit = options.configPath !== undefined || options.environment !== undefined;
  const bindings = readBindingsVocabulary(planDir, { configPath: options.configPath, environment: options.environment, env: options.env ?? {}, cwd: options.cwd });
  if (bindings.invalid !== undefined && explicit) return { kind: "invalid-bindings", bindings: bindings.invalid };
  const files = planFilesIn(planDir);
  const report = lintPlan(document, { files, bindings: bindings.vocabulary });
  const lint = summarize({ path, text: document.text, diagnostics: report.diagnostics, automation: report.automation, unreadable: false });
  const plan = document.plan;
  if (plan === undefined) return { kind: "refused", lint, reason: "it could not be read as a plan; fix the errors above" };
  // Something else entirely (a Kubernetes manifest, a compose file) has nothing to explain.
  if (readPlanShape(document.raw).kind === "not-a-plan") {
    return { kind: "refused", lint, reason: "it is not a migration-strategy plan, so there is nothing to explain" };
  }

  const created = plan.metadata?.created_date;
  const createdMs = created ? parseIsoDate(created) : undefined;
  const start =
    options.startMs !== undefined
      ? { epochMs: options.startMs, source: "option" as const }
      : createdMs?.kind === "ok"
        ? { epochMs: createdMs.value.epochMs, source: "created_date" as const }
        : { epochMs: options.clock.now(), source: "clock" as const };
  const missingFiles = findMissingFiles(plan, files, document.locate);
  // What runs: a suite's script in the plan's tree, a dataset with an execution block (as a run reads them).
  const { datasets } = loadDatasets(plan, planDir);
  const explanation = explainPlan(plan, {
    start,
    bindings: bindings.vocabulary,
    missingFiles,
    isExecutableInTree: (scriptPath) => isExecutableInTree(planDir, scriptPath),
    isExecutableDataset: (id) => datasets.get(id)?.execution !== undefined,
  });
  const planErrorCount = report.diagnostics.filter((d) => d.severity === "error" && !fileRules.has(d.rule)).length;
  return {
    kind: "explained",
    lint,
    explanation,
    planErrorCount,
    ...(bindings.invalid !== undefined ? { ignoredBindings: bindings.invalid.file } : {}),
  };
}

function summarize(file: LintedFile): LintRun {
  const count = (severity: Diagnostic["severity"]) => file.diagnostics.filter((d) => d.severity === severity).length;
  const errorCount = count("error");
  return {
    files: [file],
    errorCount,
    warningCount: count("warning"),
    infoCount: count("info"),
  };
}
