import { describe, expect, it } from "vitest";
import { lintFixture, readExamplePlan, summarize } from "../../testing/lint-fixture.js";
import { phaseOrderRule } from "./phase-order.js";

const lint = (yaml: string) => summarize(lintFixture(yaml, { rules: [phaseOrderRule] }).diagnostics);

/** Phases with the given orders (`null` leaves `order` out), ids P1, P2, … */
const phases = (...orders: Array<number | null>) =>
  `migration_phases:\n${orders.map((order, i) => `  - phase_id: P${i + 1}\n${order === null ? "" : `    order: ${order}\n`}`).join("")}`;

describe("phase-order", () => {
  it("accepts the spec's example: phases 1, 2, 3", () => {
    expect(lint(readExamplePlan())).toEqual([]);
  });

  it("accepts phases numbered from 1 without gaps, in any file order", () => {
    expect(lint(phases(2, 1, 3))).toEqual([]);
    expect(lint("migration_phases: []\n")).toEqual([]);
  });

  it("flags a reused order at the later phase, naming the earlier one", () => {
    expect(lint(phases(1, 2, 2))).toEqual(['error phase-order 7:12 phase "P3" has order 2, already used by phase "P2"; give each phase its own order']);
  });

  it("flags a gap as an error at the phase after it", () => {
    expect(lint(phases(1, 2, 4))).toEqual(["error phase-order 7:12 phase order jumps from 2 to 4; number the phases 1, 2, 3, … without gaps"]);
  });

  it("warns when the numbering does not start at 1", () => {
    expect(lint(phases(1, 0))).toEqual(["warning phase-order 5:12 phase order starts at 0, not 1; number the phases from 1"]);
    expect(lint(phases(2, 3))).toEqual(["warning phase-order 3:12 phase order starts at 2, not 1; number the phases from 1"]);
  });

  it("warns about a phase without an order, at its id", () => {
    expect(lint(phases(1, null, 2))).toEqual(['warning phase-order 4:15 phase "P2" has no order, so it runs after the ordered phases in file order; give it an "order"']);
  });
});
