import jsYaml from "js-yaml";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { createNodePlanFiles } from "../adapters/node-fs/node-plan-files.js";
import { lintFormats, lintReporters } from "../cli/reporters/lint-reporters.js";
import { parsePlanText } from "../plan/plan-document.js";
import { formatPlanPath } from "../plan/plan-path.js";
import { examplePlanPath, readExamplePlan, toLintRun } from "../testing/lint-fixture.js";
import type { Diagnostic } from "./diagnostic.js";
import { type LintReport, lintPlan } from "./lint-plan.js";
import { planRules } from "./rules/plan-rules.js";

// Inputs that once crashed lint or took seconds to minutes, linted and reported in every format
// as `bascule lint` does. Each must finish with the right findings; the timeouts are only a
// safety net (the time per step is measured by bench/lint).
const timeout = 120_000;

type Plan = Record<string, unknown> & { migration_phases: Array<Record<string, unknown> & { steps: Array<Record<string, unknown>> }> };

const example = jsYaml.load(readExamplePlan(), { schema: jsYaml.CORE_SCHEMA }) as Plan;
const files = createNodePlanFiles(dirname(examplePlanPath));
const exampleReport = lintText(readExamplePlan()).report;

function lintText(text: string): { text: string; report: LintReport; stylish: string } {
  const document = parsePlanText(text);
  if (document.kind === "source-problem") throw new Error(document.message);
  const report = lintPlan(document, { files });
  const run = toLintRun(text, report);
  const [stylish = "", ...others] = (["stylish", ...lintFormats.filter((f) => f !== "stylish")] as const).map((format) =>
    lintReporters[format](run, { color: false, rules: planRules, toolVersion: "test" }),
  );
  expect(others.every((output) => output.length > 0)).toBe(true);
  return { text, report, stylish };
}

/** The example with one change, written out as YAML and linted in the example's folder. */
function lintChanged(change: (plan: Plan) => void): { text: string; report: LintReport; stylish: string } {
  const plan = structuredClone(example);
  change(plan);
  return lintText(jsYaml.dump(plan, { lineWidth: -1, noRefs: true }));
}

function ofRule(report: LintReport, rule: string): Diagnostic[] {
  return report.diagnostics.filter((d) => d.rule === rule);
}

/** The 1-based line of the first line of `text` that is exactly `line`. */
function lineOf(text: string, line: string): number {
  return text.split("\n").indexOf(line) + 1;
}

const rulesOf = (report: LintReport) => report.diagnostics.map((d) => d.rule).sort();
const firstStep = (plan: Plan) => plan.migration_phases[0]?.steps[0] as Record<string, Record<string, unknown>>;

describe("lint on lists of 150,000 items", () => {
  // A rollback procedure naming an unknown step makes its rule search every list of the plan for ids.
  const undoUnknown = (plan: Plan) => {
    (plan.migration_phases[0]!.rollback_point as Record<string, unknown>).rollback_procedure = "Undo STEP-9-9";
  };

  it(
    "reads 150,000 commands of a step and finds only the one planted finding",
    () => {
      const { report } = lintChanged((plan) => {
        firstStep(plan).execution_details!.commands = Array.from({ length: 150_000 }, (_, i) => `echo ${i}`);
        undoUnknown(plan);
      });
      expect(rulesOf(report)).toEqual([...rulesOf(exampleReport), "rollback-procedure-references"].sort());
    },
    timeout,
  );

  it(
    "reports each of 150,000 wrong-typed preconditions at its own line",
    () => {
      const { text, report } = lintChanged((plan) => {
        firstStep(plan).preconditions = Array.from({ length: 150_000 }, (_, i) => i) as never;
      });
      const schema = ofRule(report, "schema");
      expect(schema).toHaveLength(150_000);
      const last = schema.find((d) => formatPlanPath(d.path) === "migration_phases[0].steps[0].preconditions[149999]");
      expect(last).toMatchObject({ severity: "error", line: lineOf(text, "          - 149999"), column: 13 });
      expect(last?.message).toContain("149999");
      // Removed by the repair, the list no longer hides the example's own findings.
      expect(rulesOf(report).filter((rule) => rule !== "schema")).toEqual(rulesOf(exampleReport));
    },
    timeout,
  );

  it(
    "reads 150,000 conditions of a step's validation checks, each shown with its source",
    () => {
      const { text, report, stylish } = lintChanged((plan) => {
        firstStep(plan).validation!.validation_checks = Array.from({ length: 150_000 }, (_, i) => `queue_depth < ${i}`);
      });
      const unknownMetric = ofRule(report, "condition-metric").filter((d) => d.path.includes("validation_checks"));
      expect(unknownMetric).toHaveLength(150_000);
      const line = lineOf(text, "            - queue_depth < 149999");
      expect(unknownMetric.at(-1)).toMatchObject({ line, column: 15 });
      expect(stylish).toContain(`> ${line} |             - queue_depth < 149999`);
    },
    timeout,
  );

  it(
    "indexes a phase of 150,000 steps",
    () => {
      const { report } = lintChanged((plan) => {
        plan.migration_phases[0]!.steps = Array.from({ length: 150_000 }, (_, i) => ({ step_id: `S-${i}`, name: `Step ${i}`, order: i + 1 }));
      });
      expect(report.errorCount).toBe(ofRule(report, "rollback-procedure-references").length);
      expect(ofRule(report, "validation-datasets").length).toBeGreaterThanOrEqual(150_000);
    },
    timeout,
  );

  it(
    "passes over 150,000 items of an extension list",
    () => {
      const { report } = lintChanged((plan) => {
        plan["x-notes"] = Array.from({ length: 150_000 }, (_, i) => ({ note: i }));
        undoUnknown(plan);
      });
      expect(rulesOf(report)).toEqual([...rulesOf(exampleReport), "rollback-procedure-references"].sort());
    },
    timeout,
  );
});

describe("lint on long values, many phases and many keys", () => {
  it(
    "reads a 30,000-digit duration followed by % as one wrong duration",
    () => {
      const { text, report } = lintChanged((plan) => {
        firstStep(plan).estimated_duration = `${"9".repeat(30_000)}%` as never;
      });
      const found = ofRule(report, "duration-format");
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({
        severity: "error",
        path: ["migration_phases", 0, "steps", 0, "estimated_duration"],
        line: text.split("\n").findIndex((line) => line.startsWith("        estimated_duration: 999")) + 1,
        column: 29,
      });
      expect(found[0]?.message).toContain('expected a duration like "30 minutes"');
    },
    timeout,
  );

  it("lints 1,600 phases, each with its own ids, finding only what each copy of the first phase has", () => {
    const phase = example.migration_phases[0]!;
    const { report } = lintChanged((plan) => {
      plan.migration_phases = Array.from({ length: 1_600 }, (_, p) => ({
        ...structuredClone(phase),
        phase_id: `PHASE-${p + 1}`,
        order: p + 1,
        validation_gate: { ...(phase.validation_gate as object), gate_id: `GATE-${p + 1}` },
        steps: phase.steps.map((step, s) => ({ ...step, step_id: `STEP-${p + 1}-${s + 1}` })),
      }));
    });
    const once = lintChanged((plan) => {
      plan.migration_phases = [plan.migration_phases[0]!];
    }).report;
    const perPhase = (r: LintReport, rule: string) => r.diagnostics.filter((d) => d.rule === rule && d.path[0] === "migration_phases").length;
    for (const rule of new Set(once.diagnostics.map((d) => d.rule))) {
      expect(perPhase(report, rule), rule).toBe(1_600 * perPhase(once, rule));
    }
  }, 30_000);

  it("reports each of 40,000 unknown keys of a step at the key", () => {
    const { text, report, stylish } = lintChanged((plan) => {
      for (let i = 0; i < 40_000; i++) firstStep(plan)[`unknown_key_${i}`] = i as never;
    });
    const unknown = ofRule(report, "unknown-key");
    expect(unknown).toHaveLength(40_000);
    const last = unknown.find((d) => d.path.at(-1) === "unknown_key_39999");
    const line = lineOf(text, "        unknown_key_39999: 39999");
    expect(last).toMatchObject({ severity: "error", line, column: 9 });
    expect(stylish).toContain(`> ${line} |         unknown_key_39999: 39999`);
  }, 60_000);
});
