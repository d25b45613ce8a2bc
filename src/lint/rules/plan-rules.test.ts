import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { readSpecExampleBlock } from "../../testing/spec-example.js";
import { planRules } from "./plan-rules.js";

describe("planRules", () => {
  it("registers every rule file, each with a test, a unique id and a one-line doc", () => {
    const dir = new URL(".", import.meta.url).pathname;
    const files = readdirSync(dir);
    const ruleFiles = files.filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "plan-rules.ts");
    expect(planRules.map((r) => `${r.id}.ts`).sort()).toEqual(ruleFiles.sort());
    for (const file of ruleFiles) expect(files).toContain(file.replace(/\.ts$/, ".test.ts"));
    expect(new Set(planRules.map((r) => r.id)).size).toBe(planRules.length);
    for (const rule of planRules) expect(rule.description).toMatch(/^[A-Z].*\.$/);
  });

  it("finds no errors in the spec's example, and the checklist gaps it really has", () => {
    const report = lintFixture(readExamplePlan(), {});
    expect(report.errorCount).toBeGreaterThan(0); // no scripts or datasets in this bare fixture folder
    const notAboutFiles = report.diagnostics.filter((d) => !["script-files", "dataset-files", "linked-files"].includes(d.rule));
    expect(summarize(notAboutFiles.filter((d) => d.severity !== "info"))).toEqual([
      expect.stringMatching(/^warning required-sections 2:1 /),
      expect.stringMatching(/^warning required-sections 2:1 /),
      expect.stringMatching(/^warning validation-datasets \d+:\d+ /),
      expect.stringMatching(/^warning phase-rollback \d+:\d+ /),
    ]);
  });

  it("finds no error but missing files in the example exactly as the spec's markdown writes it", () => {
    const block = readSpecExampleBlock();
    if (block === undefined) return;
    const report = lintFixture(block, {});
    const filesRules = new Set(planRules.filter((rule) => rule.category === "files").map((rule) => rule.id));
    expect(summarize(report.diagnostics.filter((d) => d.severity === "error" && !filesRules.has(d.rule)))).toEqual([]);
  });
});
