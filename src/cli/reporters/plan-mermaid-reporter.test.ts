import DOMPurify from "dompurify";
import { describe, expect, it } from "vitest";
import { parsePlanText } from "../../plan/plan-document.js";
import { explainPlan } from "../../planner/explain-plan.js";
import type { PlanExplanation } from "../../planner/plan-explanation.js";
import { readExamplePlan } from "../../testing/lint-fixture.js";
import { runCliCaptured } from "../../testing/run-cli-captured.js";
import { MERMAID_SEPARATOR, renderFlowchart, renderGantt } from "./plan-mermaid-reporter.js";

// Mermaid's own parser, the one its renderer runs first. Mermaid passes labels through
// DOMPurify, which needs a browser's DOM; parsing does not, so sanitizing is a no-op here.
Object.assign(DOMPurify, { sanitize: (text: string) => text, addHook() {}, removeHook() {}, removeHooks() {}, removeAllHooks() {} });
const { default: mermaid } = await import("mermaid");

interface GanttDb {
  getTasks(): { id: string; task: string; startTime: Date; endTime: Date; crit?: boolean; milestone?: boolean }[];
}
interface FlowchartDb {
  getVertices(): Map<string, { text: string }>;
  getEdges(): { start: string; end: string; text: string }[];
  getSubGraphs(): { id: string; title: string }[];
}

/** Parses one diagram as Mermaid does before rendering; throws on invalid Mermaid. */
async function parseDiagram<Db>(text: string): Promise<{ type: string; db: Db }> {
  await mermaid.parse(text);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  return { type: diagram.type, db: diagram.db as unknown as Db };
}

function explain(yaml: string, startIso = "2025-10-04T10:00:00Z"): PlanExplanation {
  const document = parsePlanText(yaml);
  if (document.kind !== "plan-document" || document.plan === undefined) throw new Error("not a plan");
  const explained = explainPlan(document.plan, { start: { epochMs: Date.parse(startIso), source: "option" } });
  if (explained.kind !== "plan-explanation") throw new Error("cyclic");
  return explained;
}

const example = explain(readExamplePlan());

describe("Mermaid output", () => {
  it("draws the example's timeline as a Gantt chart Mermaid reads back to the same times", async () => {
    const { type, db } = await parseDiagram<GanttDb>(renderGantt(example));
    expect(type).toBe("gantt");
    const tasks = db.getTasks().map((t) => [t.id, t.startTime.toISOString(), t.endTime.toISOString(), t.crit ?? false]);
    expect(tasks).toEqual(example.schedule.map((s) => [`s_${s.step_id.replace(/-/g, "_")}`, s.start_date.max, s.finish_date.max, true]));
    expect(db.getTasks()[4]?.task.trim()).toBe("STEP-3-1 Enable for Internal Users (5%) (observation)");
    expect(db.getTasks().at(-1)?.endTime.toISOString()).toBe("2025-10-11T14:00:00.000Z");
  });

  it("draws the example's phases, steps, gates and rollback edges as a flowchart", async () => {
    const { type, db } = await parseDiagram<FlowchartDb>(renderFlowchart(example));
    expect(type).toBe("flowchart-v2");
    expect(db.getSubGraphs().map((g) => g.id)).toEqual(["p_PHASE_1", "p_PHASE_2", "p_PHASE_3"]);
    const edges = db.getEdges().map((e) => `${e.start} -> ${e.end}${e.text ? ` (${e.text})` : ""}`);
    expect(edges).toEqual(
      expect.arrayContaining([
        "x_start -> s_STEP_1_1",
        "s_STEP_1_2 -> g_GATE_1",
        "g_GATE_1 -> s_STEP_2_1 (pass)",
        "g_GATE_1 -> f_PHASE_1 (fail)",
        "f_PHASE_1 -> r_PHASE_1",
        "f_PHASE_3 -> r_PHASE_3 (if rollback chosen)",
        "r_PHASE_3 -> r_PHASE_2 (full rollback)",
        "r_PHASE_2 -> r_PHASE_1 (full rollback)",
        "g_GATE_3 -> x_done (pass)",
      ]),
    );
    expect(db.getVertices().get("r_PHASE_1")?.text).toBe("roll back PHASE-1: STEP-1-2 → STEP-1-1");
    expect(db.getVertices().get("s_STEP_3_2")?.text).toContain("no rollback");
  });

  it("stays valid with ids and names Mermaid would otherwise misread", async () => {
    const awkward = explain(`
metadata: { migration_name: 'Cut over: "billing" #2 <now>' }
migration_phases:
  - phase_id: end
    order: 1
    name: 'Prep: "a|b"; #1'
    steps:
      - { step_id: step.1, order: 1, name: 'Say "hi": <b>', estimated_duration: 90 minutes, rollback_procedure: { can_rollback: false } }
      - { step_id: step 1, order: 2, estimated_duration: 2-3 hours }
    validation_gate: { gate_id: graph, failure_response: block }
    rollback_point: { can_rollback_from_here: false }
  - { phase_id: P-2, order: 2, name: Empty }
  - phase_id: subgraph
    order: 3
    steps: [{ step_id: click, estimated_duration: 1 day }]
execution_timeline:
  milestones:
    - { milestone_id: "M:1", name: "Done; #1", target_date: "2025-10-04", dependencies: [click] }
`);
    const gantt = await parseDiagram<GanttDb>(renderGantt(awkward));
    expect(gantt.db.getTasks().map((t) => [t.task.trim(), t.endTime.getTime() - t.startTime.getTime()])).toEqual([
      ['step.1 Say "hi"： <b>', 90 * 60_000],
      ["step 1", 3 * 3_600_000],
      // "click" starts a click binding in Gantt syntax: the name is kept, behind a dot.
      ["· click", 24 * 3_600_000],
      ["M：1 Done； ＃1 (target 2025-10-04, LATE)", 0],
    ]);
    const flowchart = await parseDiagram<FlowchartDb>(renderFlowchart(awkward));
    const ids = [...flowchart.db.getVertices().keys()];
    expect(ids).toEqual(expect.arrayContaining(["s_step_1", "s_step_1_2", "g_graph", "r_end", "e_P_2", "s_click"]));
    expect(flowchart.db.getSubGraphs().map((g) => g.id)).toEqual(["p_end", "p_P_2", "p_subgraph"]);
    expect(flowchart.db.getEdges().map((e) => `${e.start} -> ${e.end} (${e.text})`)).toContain("r_P_2 -> r_end (full rollback stops: wall)");
  });

  it("is checked by a parser that rejects broken Mermaid", async () => {
    await expect(parseDiagram("flowchart TD\n  A --> B\n  end --> A\n")).rejects.toThrow(/Parse error/);
    await expect(parseDiagram("gantt\n  section A\n  Task :a1, 2025-10-04, 2h\n  a task line with no colon\n")).rejects.toThrow(/Parse error/);
    await expect(parseDiagram(`${renderGantt(example)}\n${renderFlowchart(example)}`)).rejects.toThrow();
  });

  it("prints both diagrams from the CLI, split by a comment line, each valid on its own", async () => {
    const { exitCode, stdout } = await runCliCaptured(["plan", "examples/discount/migration-strategy.yaml", "--format", "mermaid"]);
    expect(exitCode).toBe(0);
    const [gantt = "", flowchart = ""] = stdout.split(`${MERMAID_SEPARATOR}\n`);
    expect((await parseDiagram(gantt)).type).toBe("gantt");
    expect((await parseDiagram(flowchart)).type).toBe("flowchart-v2");
    for (const diagram of ["gantt", "flowchart"]) {
      const one = await runCliCaptured(["plan", "examples/discount/migration-strategy.yaml", "-f", "mermaid", "--diagram", diagram]);
      expect(one.stdout).not.toContain(MERMAID_SEPARATOR);
      expect((await parseDiagram(one.stdout)).type).toBe(diagram === "gantt" ? "gantt" : "flowchart-v2");
    }
  });
});
