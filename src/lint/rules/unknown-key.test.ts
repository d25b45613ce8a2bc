import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { unknownKeyRule } from "./unknown-key.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [unknownKeyRule] }).diagnostics);

describe("unknown-key", () => {
  it("accepts the spec's example", () => {
    expect(lint(readExamplePlan())).toEqual([]);
  });

  it("warns at the key and suggests the known key it resembles", () => {
    expect(lint("migration_phases:\n  - phase_id: P1\n    steps:\n      - step_id: S1\n        precondtions: []\n")).toEqual([
      'warning unknown-key 5:9 unknown key "precondtions"; did you mean "preconditions"?',
    ]);
  });

  it("lists the keys allowed here when nothing is close", () => {
    const [finding] = lint("linkage:\n  wiki_page: x\n");
    expect(finding).toContain('warning unknown-key 2:3 unknown key "wiki_page"; known keys here: existing_system_truth_file');
  });

  it("allows x- extensions at any depth", () => {
    expect(lint("x-owner: team\nmigration_phases:\n  - phase_id: P1\n    x-notes: {anything: [1, 2]}\n")).toEqual([]);
  });

  it("catches a misspelt top-level section", () => {
    expect(lint("migration_phaes: []\n")).toEqual(['warning unknown-key 1:1 unknown key "migration_phaes"; did you mean "migration_phases"?']);
  });
});
