import fc from "fast-check";
import jsYaml from "js-yaml";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { createNodePlanFiles } from "../adapters/node-fs/node-plan-files.js";
import { lintFormats, lintReporters } from "../cli/reporters/lint-reporters.js";
import { maxPlanBytes } from "../plan/decode-plan-bytes.js";
import { parsePlanText } from "../plan/plan-document.js";
import { examplePlanPath, readExamplePlan, toLintRun } from "../testing/lint-fixture.js";
import { lintPlan } from "./lint-plan.js";
import { planRules } from "./rules/plan-rules.js";

const exampleText = readExamplePlan();
const exampleData = jsYaml.load(exampleText, { schema: jsYaml.CORE_SCHEMA });
const files = createNodePlanFiles(dirname(examplePlanPath));

/** Lints text end to end; returns what a user would see, or throws if anything crashed. */
function lintText(text: string): number {
  const document = parsePlanText(text);
  if (document.kind === "source-problem") {
    expect(document.message.length).toBeGreaterThan(0);
    return -1;
  }
  const report = lintPlan(document, { files });
  for (const d of report.diagnostics) {
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.message).not.toMatch(/undefined|\[object Object\]/);
  }
  return report.errorCount;
}

// Any JSON-ish value, to drop into the plan where something else was expected.
const anyValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string(), { maxKeys: 3 }),
);

function collectPaths(node: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (node !== null && typeof node === "object") {
    for (const [key, child] of Object.entries(node)) collectPaths(child, [...path, Array.isArray(node) ? Number(key) : key], out);
  }
  return out;
}
const paths = collectPaths(exampleData).filter((p) => p.length > 0);

function replaceAt(root: unknown, path: (string | number)[], value: unknown, remove: boolean): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (remove && Array.isArray(node)) node.splice(Number(last), 1);
  else if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

describe("lint never throws on a mutated plan", () => {
  it("survives values replaced or removed anywhere in the structure", () => {
    fc.assert(
      fc.property(fc.constantFrom(...paths), anyValue, fc.boolean(), (path, value, remove) => {
        lintText(jsYaml.dump(replaceAt(exampleData, path, value, remove)));
      }),
      { numRuns: 1500 },
    );
  });

  it("survives random edits of the text itself", () => {
    const lines = exampleText.split("\n");
    const edit = fc.record({
      line: fc.nat({ max: lines.length - 1 }),
      op: fc.constantFrom("delete", "duplicate", "indent", "dedent", "insert", "truncate"),
      text: fc.string({ maxLength: 12 }),
      at: fc.nat({ max: 60 }),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        const mutated = [...lines];
        for (const { line, op, text, at } of edits) {
          const current = mutated[line] ?? "";
          if (op === "delete") mutated.splice(line, 1);
          else if (op === "duplicate") mutated.splice(line, 0, current);
          else if (op === "indent") mutated[line] = `  ${current}`;
          else if (op === "dedent") mutated[line] = current.replace(/^ {1,2}/, "");
          else if (op === "insert") mutated[line] = current.slice(0, at) + text + current.slice(at);
          else mutated[line] = current.slice(0, at);
        }
        lintText(mutated.join("\n"));
      }),
      { numRuns: 1500 },
    );
  });

  it("still finds the example clean when nothing changed", () => {
    expect(lintText(exampleText)).toBe(0);
  });
});

// Generated hostile input: long scalars where values are parsed, huge lists, many keys, many
// steps. Each must lint, and report in every format, with every finding placed in the file.
// How time grows with such input is measured by `npm run bench:lint`, not asserted here.

// Every place a value is parsed, as paths into the example (a data migration is added for its own).
const parsedFields: readonly (string | number)[][] = [
  ["migration_overview", "estimated_duration"],
  ["migration_overview", "constraints", "max_downtime_duration"],
  ["migration_overview", "constraints", "migration_window"],
  ["metadata", "created_date"],
  ["prerequisites", 0, "deadline"],
  ["migration_phases", 0, "duration_estimate"],
  ["migration_phases", 0, "start_condition", 0],
  ["migration_phases", 0, "steps", 0, "estimated_duration"],
  ["migration_phases", 0, "steps", 0, "preconditions", 0],
  ["migration_phases", 0, "steps", 0, "validation", "validation_checks", 0],
  ["migration_phases", 0, "steps", 0, "monitoring", "alert_conditions", 0],
  ["migration_phases", 0, "validation_gate", "criteria", 0],
  ["migration_phases", 0, "rollback_point", "estimated_rollback_duration"],
  ["rollback_strategy", "rollback_levels", 0, "trigger_conditions", 0],
  ["monitoring_and_observability", "migration_monitoring", 0, "normal_range"],
  ["monitoring_and_observability", "migration_monitoring", 0, "alert_threshold"],
  ["monitoring_and_observability", "migration_monitoring", 0, "critical_threshold"],
  ["data_migration", "migrations", 0, "execution_plan", "rate_limit"],
  ["data_migration", "migrations", 0, "execution_plan", "estimated_duration"],
  ["data_migration", "migrations", 0, "validation", "reconciliation", "acceptance_threshold"],
  ["execution_timeline", "milestones", 0, "target_date"],
  ["execution_timeline", "critical_path", 0, "duration"],
];

const hostileBase = {
  ...(structuredClone(exampleData) as Record<string, unknown>),
  data_migration: {
    migrations: [
      {
        migration_id: "MIG-1",
        execution_plan: { batch_size: 100, rate_limit: "200 rows/second", estimated_duration: "1 hour" },
        validation: { reconciliation: { acceptance_threshold: "99.9% match" } },
      },
    ],
  },
  execution_timeline: {
    milestones: [{ milestone_id: "MS-1", target_date: "2025-10-20", dependencies: ["PHASE-1"] }],
    critical_path: [{ step_id: "STEP-1-1", duration: "1 hour", dependencies: [] }],
  },
};

// Long texts made of what the value parsers look for, so that a pattern that backtracks over it is slow.
const longScalar = fc
  .record({
    unit: fc.constantFrom("1", "1 ", "1-", "1.", "1:", ".5", "a ", "an ", "1h", "h1", "<1", "1%", ". ", ", ", "mon-", "to ", "10am-", "Z", "x"),
    length: fc.constantFrom(1_000, 30_000),
    prefix: fc.constantFrom("", "error rate < ", "Weekday ", "2025-10-04T10:00:00.", "0-", "99."),
    suffix: fc.constantFrom("", "%", "h", " minutes", "x", "-", " rows/second", " EST", "!"),
  })
  .map(({ unit, length, prefix, suffix }) => prefix + unit.repeat(Math.ceil(length / unit.length)) + suffix);

/** List items by kind: prose checks, wrong types, conditions, mappings, nulls. */
const listItems = {
  check: (i: number) => `STEP-${i} successful`,
  number: (i: number) => i,
  condition: (i: number) => `error_rate < ${i}%`,
  mapping: (i: number) => ({ step_id: `S-${i}` }),
  null: () => null,
} as const;

/** One hostile change, as data so that a failure prints what it was. */
type HostileEdit =
  | { readonly kind: "long-value"; readonly path: readonly (string | number)[]; readonly text: string }
  | { readonly kind: "huge-list"; readonly path: readonly (string | number)[]; readonly count: number; readonly item: keyof typeof listItems }
  | { readonly kind: "many-keys"; readonly path: readonly (string | number)[]; readonly count: number; readonly prefix: string }
  | { readonly kind: "many-steps"; readonly steps: number; readonly phases: number; readonly uniqueIds: boolean };

function nodeAt(root: unknown, path: readonly (string | number)[]): unknown {
  let node = root;
  for (const segment of path) node = (node as Record<string | number, unknown> | undefined)?.[segment];
  return node;
}

/** The container at `path`, made (as a list before an index, else a mapping) where an earlier edit or the example has none. */
function containerAt(root: Record<string, unknown>, path: readonly (string | number)[]): Record<string | number, unknown> {
  let node = root as Record<string | number, unknown>;
  path.forEach((segment, i) => {
    const next = node[segment];
    if (next === null || typeof next !== "object") node[segment] = typeof path[i + 1] === "number" ? [] : {};
    node = node[segment] as Record<string | number, unknown>;
  });
  return node;
}

function applyEdit(plan: Record<string, unknown>, edit: HostileEdit): void {
  const setAt = (path: readonly (string | number)[], value: unknown) => {
    containerAt(plan, path.slice(0, -1))[path[path.length - 1] as string | number] = value;
  };
  switch (edit.kind) {
    case "long-value":
      setAt(edit.path, edit.text);
      return;
    case "huge-list":
      setAt(
        edit.path,
        Array.from({ length: edit.count }, (_, i) => listItems[edit.item](i)),
      );
      return;
    case "many-keys": {
      const node = containerAt(plan, edit.path);
      for (let i = 0; i < edit.count; i++) node[`${edit.prefix}${i}`] = i;
      return;
    }
    case "many-steps": {
      const example = (plan.migration_phases as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
      const step = (example.steps as unknown[])[0] as Record<string, unknown>;
      const perPhase = Math.max(1, Math.floor(edit.steps / edit.phases));
      const { steps: _steps, ...phaseFields } = example;
      // Deep copies: a later huge list lands in one phase or step, not in every copy sharing it.
      plan.migration_phases = Array.from({ length: edit.phases }, (_, p) => ({
        ...structuredClone(phaseFields),
        phase_id: edit.uniqueIds ? `PHASE-${p}` : "PHASE-1",
        order: p + 1,
        steps: Array.from({ length: perPhase }, (_, s) => ({ ...structuredClone(step), step_id: edit.uniqueIds ? `STEP-${p}-${s}` : "STEP-1-1", order: s + 1 })),
      }));
    }
  }
}

const allPaths = collectPaths(hostileBase);
const objectPaths = allPaths.filter((p) => {
  const node = nodeAt(hostileBase, p);
  return node !== null && typeof node === "object" && !Array.isArray(node);
});
const listPaths = allPaths.filter((p) => Array.isArray(nodeAt(hostileBase, p)));

const hostileEdit: fc.Arbitrary<HostileEdit> = fc.oneof(
  fc.record({ kind: fc.constant("long-value" as const), path: fc.constantFrom(...parsedFields), text: longScalar }),
  fc.record({
    kind: fc.constant("huge-list" as const),
    path: fc.constantFrom(...listPaths),
    count: fc.oneof({ arbitrary: fc.constant(2_000), weight: 2 }, { arbitrary: fc.constant(20_000), weight: 1 }, { arbitrary: fc.constant(150_000), weight: 1 }),
    item: fc.constantFrom(...(Object.keys(listItems) as (keyof typeof listItems)[])),
  }),
  fc.record({
    kind: fc.constant("many-keys" as const),
    path: fc.constantFrom(...objectPaths),
    count: fc.constantFrom(1_000, 40_000),
    prefix: fc.constantFrom("unknown_", "x-", "step_i"),
  }),
  fc.record({
    kind: fc.constant("many-steps" as const),
    steps: fc.constantFrom(500, 4_000),
    phases: fc.constantFrom(1, 1_600),
    uniqueIds: fc.boolean(),
  }),
);

describe("lint stays fast on hostile input", () => {
  it("lints and reports huge lists, long values, many keys and many steps", () => {
    fc.assert(
      fc.property(fc.array(hostileEdit, { minLength: 1, maxLength: 2 }), (edits) => {
        const plan = structuredClone(hostileBase);
        // Steps first, so that a huge list lands in one step rather than in thousands of copies.
        for (const edit of [...edits].sort((a, b) => Number(b.kind === "many-steps") - Number(a.kind === "many-steps"))) applyEdit(plan, edit);
        const text = jsYaml.dump(plan, { lineWidth: -1, noRefs: true });
        // Larger files are refused before they are read (maxPlanBytes).
        fc.pre(text.length <= maxPlanBytes);
        lintAndReport(text);
      }),
      {
        numRuns: 16,
        endOnFailure: true,
        // Always tried first: the inputs that once took seconds in a value parser.
        examples: [
          [[{ kind: "long-value", path: ["migration_phases", 0, "steps", 0, "estimated_duration"], text: `${"9".repeat(100_000)}%` }]],
          [[{ kind: "long-value", path: ["migration_overview", "constraints", "migration_window"], text: `Mon${". ".repeat(200_000)}x` }]],
        ],
      },
    );
  }, 600_000);
});

/** Lints text and renders the run in every format, as `bascule lint` would. */
function lintAndReport(text: string): void {
  const document = parsePlanText(text);
  if (document.kind === "source-problem") {
    expect(document.message.length).toBeGreaterThan(0);
    return;
  }
  const report = lintPlan(document, { files });
  const lines = text.split("\n").length;
  for (const d of report.diagnostics) expect(d.line >= 1 && d.line <= lines && d.column >= 1).toBe(true);
  const run = toLintRun(text, report);
  for (const format of lintFormats) {
    expect(typeof lintReporters[format](run, { color: false, rules: planRules, toolVersion: "test" })).toBe("string");
  }
}
