import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { stepOrderRule } from "./step-order.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [stepOrderRule] }).diagnostics);

/** One phase P1 whose steps have the given orders (`null` leaves `order` out), ids S1, S2, … */
const steps = (...orders: Array<number | null>) =>
  "migration_phases:\n  - phase_id: P1\n    order: 1\n    steps:\n" +
  orders.map((order, i) => `      - step_id: S${i + 1}\n${order === null ? "" : `        order: ${order}\n`}`).join("");

describe("step-order", () => {
  it("accepts the spec's example", () => {
    expect(lint(readExamplePlan())).toEqual([]);
  });

  it("accepts steps numbered from 1 in each phase, in any file order", () => {
    expect(lint(steps(3, 1, 2))).toEqual([]);
    const twoPhases = `migration_phases:
  - phase_id: P1
    steps:
      - { step_id: A, order: 1 }
  - phase_id: P2
    steps:
      - { step_id: B, order: 1 }
`;
    expect(lint(twoPhases)).toEqual([]);
  });

  it("flags an order reused within a phase as an error, naming the other step", () => {
    expect(lint(steps(1, 1))).toEqual(['error step-order 8:16 step "S2" has order 1, already used by step "S1"; give each step of phase "P1" its own order']);
  });

  it("warns about a gap or a start other than 1", () => {
    expect(lint(steps(1, 3))).toEqual(['warning step-order 8:16 step order in phase "P1" jumps from 1 to 3; number its steps 1, 2, 3, … without gaps']);
    expect(lint(steps(2, 3))).toEqual(['warning step-order 6:16 step order in phase "P1" starts at 2, not 1; number its steps from 1']);
  });

  it("warns about a step without an order, at its id", () => {
    expect(lint(steps(1, null))).toEqual(['warning step-order 7:18 step "S2" has no order, so it runs after the ordered steps of phase "P1" in file order; give it an "order"']);
  });
});
