import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { automationCoverageRule } from "./automation-coverage.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [automationCoverageRule] }).diagnostics);

describe("automation-coverage", () => {
  it('summarises the spec\'s example at its first key: only its four references, like "STEP-3-1 successful", are automatic', () => {
    expect(lint(readExamplePlan())).toEqual([
      "info automation-coverage 2:1 4 of 67 checks are automatic (5%): 10 conditions (10 naming no defined metric), 4 references, 53 attestations (0 bound to commands); the rest need a person to attest them",
    ]);
  });

  it("counts conditions, references and attestations", () => {
    const yaml = `migration_phases:
  - phase_id: P1
    start_condition: ["Backup completed", "error_rate < 1%"]
    steps:
      - step_id: S1
        preconditions: ["queue_depth < 100"]
      - step_id: S2
        preconditions: ["S1 successful"]
        monitoring:
          metrics_to_watch: ["error_rate"]
`;
    expect(lint(yaml)).toEqual([
      "info automation-coverage 1:1 2 of 4 checks are automatic (50%): 2 conditions (1 naming no defined metric), 1 reference, 1 attestation (0 bound to commands); the rest need a person to attest them",
    ]);
  });

  it("drops the rest when every check is automatic, and speaks of one check in the singular", () => {
    const yaml = 'migration_phases:\n  - phase_id: P1\n  - phase_id: P2\n    start_condition: ["P1 completed"]\n';
    expect(lint(yaml)).toEqual(["info automation-coverage 1:1 1 of 1 check is automatic (100%): 0 conditions, 1 reference, 0 attestations (0 bound to commands)"]);
  });

  it("says nothing about a plan without checks", () => {
    expect(lint("migration_phases:\n  - phase_id: P1\n")).toEqual([]);
  });
});
