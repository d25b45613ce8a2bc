// Lint time and memory against the floor of a bare js-yaml load of the same file, in one run.
// Run: npm run bench:lint   (ratios only: absolute times vary between machines and runs)
import jsYaml from "js-yaml";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createNodePlanFiles } from "../../src/adapters/node-fs/node-plan-files.js";
import { lintPlan } from "../../src/lint/lint-plan.js";
import { parsePlanText } from "../../src/plan/plan-document.js";
import { generatePlanFolder } from "./generate-plan.js";

const rounds = Number(process.env.BENCH_ROUNDS ?? 7);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function lintOnce(path: string): number {
  const document = parsePlanText(readFileSync(path, "utf8"));
  if (document.kind === "source-problem") throw new Error(document.message);
  return lintPlan(document, { files: createNodePlanFiles(dirname(path)) }).errorCount;
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

const results: Array<Record<string, string | number>> = [];
for (const steps of [1_000, 10_000]) {
  const dir = mkdtempSync(join(tmpdir(), "bascule-bench-lint-"));
  try {
    const path = generatePlanFolder(dir, steps);
    const errors = lintOnce(path);
    if (errors !== 0) throw new Error(`generated plan has ${errors} lint errors`);
    const baseline: number[] = [];
    const lint: number[] = [];
    for (let i = 0; i < rounds; i++) {
      // Interleaved, so both see the same machine load.
      baseline.push(time(() => jsYaml.load(readFileSync(path, "utf8"))));
      lint.push(time(() => lintOnce(path)));
    }
    const yamlBytes = retainedBytes(() => jsYaml.load(readFileSync(path, "utf8")));
    const lintBytes = retainedBytes(() => {
      const document = parsePlanText(readFileSync(path, "utf8"));
      if (document.kind === "source-problem") throw new Error(document.message);
      return [document, lintPlan(document, { files: createNodePlanFiles(dir) })];
    });
    results.push({
      steps,
      "file MiB": +(statSync(path).size / 2 ** 20).toFixed(2),
      "js-yaml ms": +median(baseline).toFixed(1),
      "lint ms": +median(lint).toFixed(1),
      "lint / js-yaml": +(median(lint) / median(baseline)).toFixed(2),
      "heap MiB (lint)": +(lintBytes / 2 ** 20).toFixed(1),
      "heap lint / js-yaml": +(lintBytes / yamlBytes).toFixed(2),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.table(results);
const [small, large] = results;
if (small && large) {
  const memoryGrowth = Number(large["heap MiB (lint)"]) / Number(small["heap MiB (lint)"]);
  console.log(`memory growth from 1,000 to 10,000 steps: ${memoryGrowth.toFixed(1)}x (linear would be 10x)`);
}
console.log("target: lint at most 3x a bare js-yaml load");
