import { describeForeignDocument, recognizeForeignDocument } from "../../plan/recognize-foreign-document.js";
import type { Finding } from "../diagnostic.js";
import type { LintRule } from "../lint-rule.js";

/** What the root of a document says: no plan at all (one finding, nothing else to check), or a plan and its gaps. */
export type PlanShape = { readonly kind: "not-a-plan"; readonly finding: Finding } | { readonly kind: "plan"; readonly findings: readonly Finding[] };

const planRoot = "a plan is a mapping with metadata and migration_phases at its root";

export const planShapeRule: LintRule = {
  id: "plan-shape",
  description: "The document is a migration-strategy plan: a mapping with metadata and at least one of migration_phases.",
  category: "schema",
  severity: "error",
  check({ document }, report) {
    const shape = readPlanShape(document.raw);
    if (shape.kind === "not-a-plan") report(shape.finding);
    else for (const finding of shape.findings) report(finding);
  },
};

/**
 * Tells a plan from the other YAML a user may point Bascule at by mistake. Lint reports a
 * document that is not a plan with this one finding alone, not as a hundred unknown keys.
 */
export function readPlanShape(root: Readonly<Record<string, unknown>>): PlanShape {
  const hasPhases = Object.hasOwn(root, "migration_phases");
  const hasMetadata = Object.hasOwn(root, "metadata");
  if (!hasPhases) {
    const foreign = recognizeForeignDocument(root);
    if (foreign !== undefined) return notAPlan(`${describeForeignDocument(foreign)}; ${planRoot}`);
    if (!hasMetadata) {
      const keys = Object.keys(root);
      const shown = keys
        .slice(0, 5)
        .map((key) => JSON.stringify(key))
        .join(", ");
      return notAPlan(`this is not a migration-strategy plan: its root has neither metadata nor migration_phases (it has ${shown}${keys.length > 5 ? ", …" : ""}); ${planRoot}`);
    }
  }
  const findings: Finding[] = [];
  if (!hasMetadata) {
    findings.push({
      path: [],
      message: `the plan has no metadata; add metadata with its version, migration_name and migration_status (${planRoot})`,
    });
  }
  const phases = root.migration_phases;
  if (!hasPhases) {
    findings.push({
      path: [],
      message: "the plan has no migration_phases, so it has nothing to run; add migration_phases with at least one phase and its steps",
    });
  } else if (phases === null || (Array.isArray(phases) && phases.length === 0)) {
    findings.push({
      path: ["migration_phases"],
      message: "migration_phases lists no phase, so the plan has nothing to run; add at least one phase with its steps",
    });
  }
  return { kind: "plan", findings };
}

function notAPlan(message: string): PlanShape {
  return { kind: "not-a-plan", finding: { path: [], message } };
}
