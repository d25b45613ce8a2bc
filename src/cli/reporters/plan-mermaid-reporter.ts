import { describeMissingFiles } from "../../app/describe-missing-files.js";
import type { ExplainedPhase, PlanExplanation, StepUndo } from "../../planner/plan-explanation.js";
import { formatDate, formatHours } from "./plan-phrases.js";
import type { PlanReporter } from "./plan-reporter.js";

/**
 * Mermaid for a pull request or a wiki: a Gantt chart of the timeline (longest durations,
 * critical steps marked `crit`) and a flowchart of phases, steps, gates and rollback edges.
 * A Mermaid document holds one diagram, so `--diagram both` prints the Gantt chart, then a
 * `%%` comment line, then the flowchart: paste each part on its own, or pick one with
 * `--diagram gantt|flowchart` for output that renders whole.
 */
export const planMermaidReporter: PlanReporter = (explanation, { diagram }) => {
  const text =
    diagram === "gantt"
      ? renderGantt(explanation)
      : diagram === "flowchart"
        ? renderFlowchart(explanation)
        : `${renderGantt(explanation)}\n${MERMAID_SEPARATOR}\n${renderFlowchart(explanation)}`;
  return withMissingFiles(text, explanation);
};

/** Missing files as `%%` comments right after the diagram's keyword, which must come first. */
function withMissingFiles(text: string, e: PlanExplanation): string {
  const described = e.missing_files === null ? undefined : describeMissingFiles(e.missing_files);
  if (described === undefined) return text;
  const comments = [described.summary, ...described.groups.flatMap((g) => [g.title, ...g.items.map((item) => `  ${item.name} ${item.detail}`)])];
  const newline = text.indexOf("\n");
  return `${text.slice(0, newline + 1)}${comments.map((line) => `%% ${line.replace(/[\r\n]+/g, " ")}\n`).join("")}${text.slice(newline + 1)}`;
}

/** The line between the two diagrams of `--diagram both`. */
export const MERMAID_SEPARATOR = "%% ---- second diagram: the flowchart (render it on its own) ----";

export function renderGantt(e: PlanExplanation): string {
  const lines = [
    "gantt",
    `  title ${escapeGanttText(`${e.plan.migration_name ?? "Migration plan"} (longest durations)`)}`,
    "  dateFormat YYYY-MM-DDTHH:mm:ssZ",
    "  axisFormat %b %d %H:%M",
  ];
  const ids = createIdMaker();
  const phaseNames = new Map(e.order.map((p) => [p.phase_id, p.name]));
  const sections = new Map<string, string[]>();
  for (const s of e.schedule) {
    const section = s.phase_id === null ? "Other activities" : `${s.phase_id} ${phaseNames.get(s.phase_id) ?? ""}`.trim();
    const label = `${s.step_id} ${s.name ?? ""}${s.observation ? " (observation)" : ""}`.trim();
    const tags = s.critical ? "crit, " : "";
    const task = `    ${escapeGanttText(label)} :${tags}${ids.make("s", s.step_id)}, ${ganttDate(s.start_date.max)}, ${ganttLength(s.duration_hours.max)}`;
    sections.set(section, [...(sections.get(section) ?? []), task]);
  }
  for (const [section, tasks] of sections) lines.push(`  section ${escapeGanttText(section)}`, ...tasks);
  const projected = e.milestones.filter((m) => m.projected_date !== null);
  if (projected.length > 0) {
    lines.push("  section Milestones");
    for (const m of projected) {
      const verdict = m.late === null ? "" : m.late ? ", LATE" : ", on time";
      const target = m.target_date ? ` (target ${m.target_date}${verdict})` : "";
      const date = ganttDate(m.projected_date as string);
      lines.push(`    ${escapeGanttText(`${m.milestone_id} ${m.name ?? ""}${target}`)} :milestone, ${ids.make("m", m.milestone_id)}, ${date}, 0m`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export function renderFlowchart(e: PlanExplanation): string {
  const ids = createIdMaker();
  const lines = ["flowchart TD", `  ${ids.make("x", "start")}(["${escapeLabel(`start ${formatDate(e.start.date)}`)}"])`];
  const edges: string[] = [];
  const critical = new Set(e.critical_path.steps);
  let previous = ids.make("x", "start");
  let passLabel = "";
  const link = (to: string) => {
    edges.push(`  ${previous} -->${passLabel} ${to}`);
    previous = to;
    passLabel = "";
  };
  for (const phase of e.order) {
    const phaseNode = ids.make("p", phase.phase_id);
    lines.push(`  subgraph ${phaseNode}["${escapeLabel(titled(phase.phase_id, phase.name))}"]`);
    if (phase.steps.length === 0) lines.push(`    ${ids.make("e", phase.phase_id)}["${escapeLabel("no steps")}"]`);
    for (const step of phase.steps) {
      const label = `${titled(step.step_id, step.name)}<br/>${step.duration_hours === null ? "no duration" : formatHours(step.duration_hours)} · ${describeUndoBriefly(step.rollback)}`;
      lines.push(`    ${ids.make("s", step.step_id)}["${escapeLabel(label, { keepBreaks: true })}"]`);
    }
    lines.push("  end");
    const chain = phase.steps.length === 0 ? [ids.make("e", phase.phase_id)] : phase.steps.map((s) => ids.make("s", s.step_id));
    for (const node of chain) link(node);
    const failure = ids.make("f", phase.phase_id);
    lines.push(`  ${failure}{{"${escapeLabel(describeFailure(e, phase))}"}}`);
    for (const node of chain) edges.push(`  ${node} -.-> ${failure}`);
    if (phase.gate_id !== null) {
      const gate = ids.make("g", phase.gate_id);
      const gateName = e.gates.find((g) => g.gate_id === phase.gate_id)?.name ?? null;
      lines.push(`  ${gate}{"${escapeLabel(titled(phase.gate_id, gateName))}"}`);
      link(gate);
      edges.push(`  ${gate} -.->|fail| ${failure}`);
      passLabel = "|pass|";
    }
    const rollback = ids.make("r", phase.phase_id);
    const undo =
      e.rollback_map.find((r) => r.failure_at.kind === "gate" && r.failure_at.phase_id === phase.phase_id)?.phase_rollback.undo ?? phase.steps.map((s) => s.rollback).reverse();
    const wall = phase.rollback_point?.wall === true;
    lines.push(`  ${rollback}[["${escapeLabel(`${wall ? "WALL · " : ""}roll back ${phase.phase_id}: ${undo.map((u) => u.step_id).join(" → ") || "nothing to undo"}`)}"]]`);
    const ask = e.gates.find((g) => g.gate_id === phase.gate_id)?.failure_response === "rollback" ? "" : "|if rollback chosen|";
    edges.push(`  ${failure} -.->${ask} ${rollback}`);
  }
  const done = ids.make("x", "done");
  lines.push(`  ${done}(["done ${escapeLabel(formatDate(e.projected_finish.max))}"])`);
  link(done);
  edges.push(...renderFullRollbackEdges(e.order, ids));
  const classes = ["  classDef critical stroke-width:3px", "  classDef noundo fill:#fde2e2,stroke:#c0392b", "  classDef wall fill:#eeeeee,stroke:#333333,stroke-width:3px"];
  const criticalNodes = e.schedule.filter((s) => s.kind === "step" && critical.has(s.step_id)).map((s) => ids.make("s", s.step_id));
  const noUndo = e.order.flatMap((p) => p.steps).filter((s) => s.rollback.kind === "missing" || s.rollback.kind === "irreversible");
  const walls = e.order.filter((p) => p.rollback_point?.wall === true).map((p) => ids.make("r", p.phase_id));
  if (criticalNodes.length > 0) classes.push(`  class ${criticalNodes.join(",")} critical`);
  if (noUndo.length > 0) classes.push(`  class ${noUndo.map((s) => ids.make("s", s.step_id)).join(",")} noundo`);
  if (walls.length > 0) classes.push(`  class ${walls.join(",")} wall`);
  return `${[...lines, ...edges, ...classes].join("\n")}\n`;
}

/** A full rollback walks the phases back, last first, and stops at a wall. */
function renderFullRollbackEdges(order: readonly ExplainedPhase[], ids: IdMaker): string[] {
  const edges: string[] = [];
  for (let i = order.length - 1; i > 0; i--) {
    const from = ids.make("r", (order[i] as ExplainedPhase).phase_id);
    const to = order[i - 1] as ExplainedPhase;
    if (to.rollback_point?.wall === true) {
      edges.push(`  ${from} -.-x|"full rollback stops: wall"| ${ids.make("r", to.phase_id)}`);
      break;
    }
    edges.push(`  ${from} -.->|full rollback| ${ids.make("r", to.phase_id)}`);
  }
  return edges;
}

function describeFailure(e: PlanExplanation, phase: ExplainedPhase): string {
  const gate = e.gates.find((g) => g.gate_id === phase.gate_id);
  const response = gate?.failure_response ?? "block";
  const exit = response === "manual_decision" ? "pause, exit 3" : "exit 1";
  return `${phase.phase_id} failed: ${response.replace("_", " ")} (${exit})`;
}

function describeUndoBriefly(undo: StepUndo): string {
  switch (undo.kind) {
    case "script":
      return `undo: ${undo.script}`;
    case "checklist":
      return "undo: checklist";
    case "irreversible":
      return "cannot be undone";
    case "missing":
      return "no rollback";
  }
}

function titled(id: string, name: string | null): string {
  return name ? `${id} · ${name}` : id;
}

interface IdMaker {
  /** A valid Mermaid id for `(prefix, id)`, the same on every call, distinct for distinct pairs. */
  make(prefix: string, id: string): string;
}

/** Ids keep letters, digits and `_`; a prefix per kind keeps them clear of keywords like `end`. */
function createIdMaker(): IdMaker {
  const made = new Map<string, string>();
  const taken = new Set<string>();
  return {
    make(prefix, id) {
      const key = `${prefix}\u0000${id}`;
      const known = made.get(key);
      if (known !== undefined) return known;
      const base = `${prefix}_${id.replace(/[^A-Za-z0-9_]/g, "_")}`;
      let candidate = base;
      for (let n = 2; taken.has(candidate); n++) candidate = `${base}_${n}`;
      made.set(key, candidate);
      taken.add(candidate);
      return candidate;
    },
  };
}

/** Text inside `"..."` in a flowchart: entity codes for what Mermaid or HTML would read. */
function escapeLabel(text: string, options: { keepBreaks?: boolean } = {}): string {
  const breaks = options.keepBreaks ? text.split("<br/>") : [text];
  return breaks
    .map((part) =>
      part
        .replace(/#/g, "#35;")
        .replace(/"/g, "#quot;")
        .replace(/</g, "#lt;")
        .replace(/>/g, "#gt;")
        .replace(/[\r\n]+/g, " "),
    )
    .join("<br/>");
}

// Mermaid's Gantt lexer reads these at the start of a line as keywords, not as a task's name.
const GANTT_KEYWORD =
  /^(?:href|call|click|gantt|dateformat|inclusiveenddates|topaxis|axisformat|tickinterval|includes|excludes|todaymarker|weekday|weekend|title|accdescription|acctitle|accdescr|section)\b|^\d{4}-\d\d-\d\d|^%/i;

/**
 * Gantt text cannot hold `:` `;` `#` (task syntax, separators, comments) nor line breaks,
 * and cannot start with a keyword: such a name gets a leading "· ".
 */
function escapeGanttText(text: string): string {
  const escaped = text
    .replace(/:/g, "：")
    .replace(/;/g, "；")
    .replace(/#/g, "＃")
    .replace(/[\r\n]+/g, " ")
    .trim();
  return GANTT_KEYWORD.test(escaped) ? `· ${escaped}` : escaped;
}

/**
 * Starts are instants in UTC. Mermaid reads a start it cannot parse strictly with `new Date`,
 * which keeps the instant in any time zone; an end date would not get that fallback, so each
 * task gets a length, in whole hours or minutes (days would follow daylight saving).
 */
function ganttDate(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, "Z");
}

function ganttLength(hours: number): string {
  const minutes = Math.round(hours * 60);
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}
