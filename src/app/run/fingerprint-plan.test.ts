import { readFileSync } from "node:fs";
import jsYaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { parsePlanText } from "../../plan/plan-document.js";
import type { Plan } from "../../plan/schema/plan-schema.js";
import { repoRoot } from "../../testing/run-cli-captured.js";
import { fingerprintSteps, hashPlan, hashPlanText, runPlanHash } from "./fingerprint-plan.js";

const discountText = readFileSync(`${repoRoot}/examples/discount/migration-strategy.yaml`, "utf8");

function planOf(text: string): Plan {
  const document = parsePlanText(text);
  if (document.kind === "source-problem" || document.plan === undefined) throw new Error("not a plan");
  return document.plan;
}

type Path = readonly (string | number)[];

/** The discount plan as data with each `[path, value]` set, written out again as YAML with its keys sorted. */
function rewritten(...edits: readonly (readonly [Path, unknown])[]): string {
  const data = jsYaml.load(discountText) as Record<string, unknown>;
  for (const [path, value] of edits) {
    const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((at, key) => at[key] as Record<string | number, unknown>, data);
    parent[path.at(-1) as string | number] = value;
  }
  return jsYaml.dump(data, { sortKeys: true, lineWidth: -1 });
}

describe("hashPlan: the plan's content, as approvals are bound to it", () => {
  const original = hashPlan(planOf(discountText));

  it("does not count formatting, comments or key order", () => {
    expect(hashPlan(planOf(rewritten()))).toBe(original);
    expect(hashPlan(planOf(`# reviewed by dana\n${discountText}`))).toBe(original);
  });

  it("does not count what a runner writes back: status, last update, milestone status, rollback testing", () => {
    const timeline: Path = ["execution_timeline"];
    const written = rewritten(
      [["metadata", "migration_status"], "completed"],
      [["metadata", "last_updated"], "2026-03-02T10:00:00Z"],
      [["prerequisites", 0, "validation", "status"], "blocked"],
      [timeline, { milestones: [{ milestone_id: "M1", name: "Live", status: "completed" }] }],
      [["rollback_strategy", "rollback_testing"], [{ rollback_scenario: "full", tested: true, test_date: "2026-03-01", test_result: "passed" }]],
    );
    const before = rewritten([timeline, { milestones: [{ milestone_id: "M1", name: "Live", status: "not_started" }] }]);
    expect(hashPlan(planOf(written))).toBe(hashPlan(planOf(before)));
    // Text hashing, as before, saw every one of them as a change.
    expect(hashPlanText(written)).not.toBe(hashPlanText(before));
  });

  it("counts a section the runner's fields were alone in as no change, added or removed", () => {
    const bare = "metadata:\n  migration_name: M\nmigration_phases:\n  - phase_id: P\n    order: 1\n    steps:\n      - step_id: S\n        order: 1\n";
    const withStatus = bare.replace("migration_phases:", "prerequisites:\n  - prerequisite_id: R\n    validation:\n      status: verified\nmigration_phases:");
    const withoutStatus = bare.replace("migration_phases:", "prerequisites:\n  - prerequisite_id: R\nmigration_phases:");
    expect(hashPlan(planOf(withStatus))).toBe(hashPlan(planOf(withoutStatus)));
    expect(hashPlan(planOf(`${bare}rollback_strategy:\n  rollback_testing: []\n`))).toBe(hashPlan(planOf(bare)));
  });

  it("counts every other change: a command, a gate's approvers, the plan's names, a milestone's date", () => {
    const changes: (readonly [Path, unknown])[] = [
      [["migration_phases", 0, "steps", 0, "execution_details", "commands", 0], "echo changed"],
      [["migration_phases", 0, "validation_gate", "approvers"], ["Somebody Else"]],
      [["metadata", "migration_name"], "Another migration"],
      [["prerequisites", 0, "validation", "verification_method"], "ask around"],
      [["execution_timeline"], { milestones: [{ milestone_id: "M1", target_date: "2026-04-01" }] }],
    ];
    for (const change of changes) expect(hashPlan(planOf(rewritten(change))), change[0].join(".")).not.toBe(original);
  });

  it("leaves the plan it hashes as it was", () => {
    const plan = planOf(discountText);
    const copy = structuredClone(plan);
    hashPlan(plan);
    expect(plan).toEqual(copy);
  });
});

describe("fingerprintSteps", () => {
  it("is unchanged by what a runner writes back, and changes with a step's command", () => {
    const prints = fingerprintSteps(planOf(discountText));
    expect(fingerprintSteps(planOf(rewritten([["metadata", "migration_status"], "completed"])))).toEqual(prints);
    const changed = fingerprintSteps(planOf(rewritten([["migration_phases", 0, "steps", 0, "execution_details", "commands", 0], "echo changed"])));
    const first = Object.keys(prints)[0] as string;
    expect(changed[first]).not.toBe(prints[first]);
    expect(
      Object.entries(changed)
        .filter(([id, print]) => prints[id] !== print)
        .map(([id]) => id),
    ).toEqual([first]);
  });
});

describe("runPlanHash: the hash a run goes on with", () => {
  const session = { planHash: hashPlan(planOf(discountText)), document: { text: discountText } };

  it("keeps a run's hash of the file's text while the text is the one it last ran, so its approvals still count", () => {
    expect(runPlanHash(session, { planHash: hashPlanText(discountText) })).toBe(hashPlanText(discountText));
  });

  it("is the plan's content hash otherwise", () => {
    expect(runPlanHash(session, { planHash: session.planHash })).toBe(session.planHash);
    expect(runPlanHash(session, { planHash: hashPlanText(`${discountText}\n`) })).toBe(session.planHash);
    expect(runPlanHash(session, { planHash: "" })).toBe(session.planHash);
  });
});
