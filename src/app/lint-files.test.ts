import { lintExitCode } from "../cli/lint-exit-code.js";
import { describe, expect, it } from "vitest";
import type { LintRule } from "../lint/lint-rule.js";
import { planRules } from "../lint/rules/plan-rules.js";
import { jsonReporter } from "../cli/reporters/json-reporter.js";
import { lintFiles } from "./lint-files.js";

const example = "examples/discount/migration-strategy.yaml";
const backfill = "examples/backfill/migration-strategy.yaml";

const throwsOnDiscount: LintRule = {
  id: "throws-on-discount",
  description: "Throws on the discount plan, as a rule with a bug would.",
  category: "values",
  severity: "error",
  check({ plan }) {
    if (plan.metadata?.migration_name?.includes("Discount")) throw new RangeError("index out of range");
  },
};

describe("lintFiles", () => {
  it("lints the spec's example with no errors", () => {
    const run = lintFiles([example]);
    expect(lintExitCode(run)).toBe(0);
    expect(run.errorCount).toBe(0);
  });

  it("reports a rule that throws as an internal-error finding on that file, lints the others, and exits 2", () => {
    const run = lintFiles([example, backfill], { rules: [...planRules, throwsOnDiscount] });
    expect(lintExitCode(run)).toBe(2);
    expect(run.files[0]).toMatchObject({
      path: example,
      internalError: true,
      diagnostics: [
        {
          rule: "internal-error",
          severity: "error",
          line: 1,
          column: 1,
          message: "internal error while linting: rule throws-on-discount failed: index out of range; this is a bug in Bascule, please report it (set BASCULE_DEBUG=1 for details)",
        },
      ],
    });
    expect(run.files[1]).toMatchObject({ path: backfill, unreadable: false });
    expect(run.files[1]?.internalError).toBeUndefined();
    const json = JSON.parse(jsonReporter(run, { color: false, rules: planRules, toolVersion: "0" }));
    expect(json.files[0].diagnostics[0]).toMatchObject({ rule: "internal-error", path: "" });
  });

  it("adds the stack under BASCULE_DEBUG", () => {
    const run = lintFiles([example], { rules: [throwsOnDiscount], env: { BASCULE_DEBUG: "1" } });
    expect(run.files[0]?.diagnostics[0]?.message).toMatch(/please report it\nLintRuleError: rule throws-on-discount failed: index out of range\n\s+at /);
  });
});
