// Lint against the floor of a bare js-yaml load of the same file, and lint time per step on
// plans with findings in every step, for every output format, all measured in one run.
// Run: npm run bench:lint   (ratios only: absolute times vary between machines and runs)
import jsYaml from "js-yaml";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createNodePlanFiles } from "../../src/adapters/node-fs/node-plan-files.js";
import type { LintRun } from "../../src/app/lint-files.js";
import { lintReporters, type LintFormat, lintFormats } from "../../src/cli/reporters/lint-reporters.js";
import { type LintReport, lintPlan } from "../../src/lint/lint-plan.js";
import { planRules } from "../../src/lint/rules/plan-rules.js";
import { parsePlanText } from "../../src/plan/plan-document.js";
import { findingsPerStep, generatePlanFolder } from "./generate-plan.js";

// Rounds for 1,000 steps; larger plans take fewer (each round costs more and varies less).
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function time(fn: () => void): number {
  global.gc?.();
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function lintText(text: string, dir: string): LintReport {
  const document = parsePlanText(text);
  if (document.kind === "source-problem") throw new Error(document.message);
  return lintPlan(document, { files: createNodePlanFiles(dir) });
}

/** What `bascule lint` hands its reporter; built here because plans this large exceed the CLI's file limit. */
function lintRunOf(path: string, text: string, report: LintReport): LintRun {
  return {
    files: [{ path, text, diagnostics: report.diagnostics, automation: report.automation, unreadable: false }],
    errorCount: report.errorCount,
    warningCount: report.warningCount,
    infoCount: report.infoCount,
  };
}

function render(format: LintFormat, run: LintRun): string {
  return lintReporters[format](run, { color: false, rules: planRules, toolVersion: "bench" });
}

function retainedBytes(fn: () => unknown): number {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const kept = fn();
  global.gc?.();
  const after = process.memoryUsage().heapUsed;
  if (kept === undefined) throw new Error("unreachable");
  return after - before;
}

function withPlan<T>(steps: number, withFindings: boolean, fn: (path: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "bascule-bench-lint-"));
  try {
    return fn(generatePlanFolder(dir, steps, { withFindings }), dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// 1. Valid plans: lint against the js-yaml floor, time and memory.
const clean: Array<Record<string, string | number>> = [];
for (const steps of [1_000, 10_000]) {
  withPlan(steps, false, (path, dir) => {
    const errors = lintText(readFileSync(path, "utf8"), dir).errorCount;
    if (errors !== 0) throw new Error(`generated plan has ${errors} lint errors`);
    // Memory first, before the timed rounds leave garbage that a later collection would subtract.
    const yamlBytes = retainedBytes(() => jsYaml.load(readFileSync(path, "utf8")));
    const lintBytes = retainedBytes(() => {
      const document = parsePlanText(readFileSync(path, "utf8"));
      if (document.kind === "source-problem") throw new Error(document.message);
      return [document, lintPlan(document, { files: createNodePlanFiles(dir) })];
    });
    const baseline: number[] = [];
    const lint: number[] = [];
    for (let i = 0; i < rounds; i++) {
      // Interleaved, so both see the same machine load.
      baseline.push(time(() => jsYaml.load(readFileSync(path, "utf8"))));
      lint.push(time(() => lintText(readFileSync(path, "utf8"), dir)));
    }
    clean.push({
      steps,
      "file MiB": +(statSync(path).size / 2 ** 20).toFixed(2),
      "js-yaml ms": +median(baseline).toFixed(1),
      "lint ms": +median(lint).toFixed(1),
      "lint / js-yaml": +(median(lint) / median(baseline)).toFixed(2),
      "heap MiB (lint)": +(lintBytes / 2 ** 20).toFixed(1),
      "heap lint / js-yaml": +(lintBytes / yamlBytes).toFixed(2),
    });
  });
}
console.log("Valid plans:");
console.table(clean);
const [small, large] = clean;
if (small && large) {
  const memoryGrowth = Number(large["heap MiB (lint)"]) / Number(small["heap MiB (lint)"]);
  console.log(`memory growth from 1,000 to 10,000 steps: ${memoryGrowth.toFixed(1)}x (linear would be 10x)`);
}
console.log("target: lint at most 3x a bare js-yaml load\n");

// 2. Plans with findings in every step: time per step, lint alone and with each reporter.
type Sizes = { steps: number; findings: number; mib: number; yaml: number; lint: number; formats: Record<LintFormat, number> };
const sizes: Sizes[] = [];
for (const [steps, sizeRounds] of [
  [1_000, rounds],
  [10_000, Math.ceil(rounds / 2)],
  [50_000, Math.ceil(rounds / 4)],
] as const) {
  withPlan(steps, true, (path, dir) => {
    const text = readFileSync(path, "utf8");
    const findings = lintText(text, dir).diagnostics.length;
    if (findings < steps * findingsPerStep) throw new Error(`${steps} steps gave ${findings} findings, expected ${findingsPerStep} a step`);
    const yaml: number[] = [];
    const lint: number[] = [];
    const formats = Object.fromEntries(lintFormats.map((f) => [f, [] as number[]])) as Record<LintFormat, number[]>;
    for (let i = 0; i < sizeRounds; i++) {
      yaml.push(time(() => jsYaml.load(text)));
      let report: LintReport | undefined;
      lint.push(time(() => (report = lintText(text, dir))));
      const run = lintRunOf(path, text, report as LintReport);
      for (const format of lintFormats) formats[format].push(time(() => render(format, run)));
    }
    const perFormat = Object.fromEntries(lintFormats.map((f) => [f, median(formats[f])])) as Record<LintFormat, number>;
    sizes.push({ steps, findings, mib: statSync(path).size / 2 ** 20, yaml: median(yaml), lint: median(lint), formats: perFormat });
  });
}
console.log(`Plans with about ${findingsPerStep} findings a step (ms; a format's time is lint plus its report):`);
console.table(
  sizes.map((s) => ({
    steps: s.steps,
    findings: s.findings,
    "file MiB": +s.mib.toFixed(1),
    "js-yaml": +s.yaml.toFixed(0),
    lint: +s.lint.toFixed(0),
    "lint / js-yaml": +(s.lint / s.yaml).toFixed(2),
    ...Object.fromEntries(lintFormats.map((f) => [f, +(s.lint + s.formats[f]).toFixed(0)])),
  })),
);
const [base, ...bigger] = sizes;
if (base) {
  const perStep = (s: Sizes, ms: (s: Sizes) => number) => ms(s) / s.steps;
  const columns: Array<[string, (s: Sizes) => number]> = [
    ["js-yaml", (s) => s.yaml],
    ["lint", (s) => s.lint],
    ...lintFormats.map((f): [string, (s: Sizes) => number] => [f, (s) => s.lint + s.formats[f]]),
  ];
  console.log("Time per step against 1,000 steps (flat is 1; quadratic would be the step ratio):");
  console.table(
    bigger.map((s) => ({
      steps: s.steps,
      ...Object.fromEntries(columns.map(([name, ms]) => [name, +(perStep(s, ms) / perStep(base, ms)).toFixed(2)])),
    })),
  );
}

// 3. Lists whose every item lacks its id: each is repaired with a placeholder, and every later
// finding is checked against the repaired paths. Time per item must stay flat as the list grows.
const repaired: Array<{ items: number; ms: number }> = [];
const exampleText = readFileSync(new URL("../../examples/discount/migration-strategy.yaml", import.meta.url), "utf8");
for (const items of [15_000, 150_000]) {
  const plan = jsYaml.load(exampleText) as Record<string, unknown>;
  plan.prerequisites = Array.from({ length: items }, (_, i) => ({ step_id: `S-${i}` }));
  const text = jsYaml.dump(plan, { lineWidth: -1, noRefs: true });
  const runs: number[] = [];
  for (let i = 0; i < Math.ceil(rounds / 3); i++) runs.push(time(() => lintText(text, "/nonexistent")));
  repaired.push({ items, ms: median(runs) });
}
const [fewer, more] = repaired;
if (fewer && more) {
  console.log("\nA list of items without ids (ms; per item against the shorter list: flat is 1, quadratic would be 10):");
  console.table(repaired.map((r) => ({ items: r.items, lint: +r.ms.toFixed(0), "per item / shorter": +(r.ms / r.items / (fewer.ms / fewer.items)).toFixed(2) })));
}
