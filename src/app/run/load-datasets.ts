import jsYaml from "js-yaml";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DatasetDefinition } from "../../engine/run-context.js";
import { datasetFileNames } from "../../plan/dataset-file-names.js";
import { collectDatasetReferences } from "../../plan/plan-references.js";
import type { Plan } from "../../plan/schema/plan-schema.js";

export interface DatasetProblem {
  readonly datasetId: string;
  readonly file: string;
  readonly message: string;
}

/**
 * Reads every dataset the plan names from `linkage.test_datasets_dir` (`ID.yaml`, `.yml`,
 * `.json`). One with an `execution` block runs; one without is attested by a person.
 */
export function loadDatasets(plan: Plan, planDir: string): { datasets: Map<string, DatasetDefinition>; problems: DatasetProblem[] } {
  const datasets = new Map<string, DatasetDefinition>();
  const problems: DatasetProblem[] = [];
  const dir = plan.linkage?.test_datasets_dir;
  if (!dir) return { datasets, problems };
  for (const { value: id } of collectDatasetReferences(plan)) {
    if (datasets.has(id)) continue;
    const file = datasetFileNames(id)
      .map((name) => join(planDir, dir, name))
      .find((f) => existsSync(f));
    if (file === undefined) continue;
    try {
      datasets.set(id, readDataset(id, readFileSync(file, "utf8")));
    } catch (error) {
      problems.push({ datasetId: id, file, message: (error as Error).message });
    }
  }
  return { datasets, problems };
}

function readDataset(id: string, text: string): DatasetDefinition {
  const data = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA }) as Record<string, unknown> | null;
  const execution = data?.execution as Record<string, unknown> | null | undefined;
  const name = typeof data?.name === "string" ? data.name : undefined;
  if (execution === null || execution === undefined || typeof execution !== "object") return { id, name };
  const command = typeof execution.command === "string" ? execution.command : typeof execution.test_file === "string" ? execution.test_file : undefined;
  if (command === undefined) throw new Error("execution needs a command or a test_file");
  const textOf = (key: string) => (typeof execution[key] === "string" ? (execution[key] as string) : undefined);
  const timeout = execution.timeout;
  return {
    id,
    name,
    execution: {
      command,
      setupScript: textOf("setup_script"),
      teardownScript: textOf("teardown_script"),
      timeoutMs: typeof timeout === "number" && timeout > 0 ? timeout : undefined,
    },
  };
}
