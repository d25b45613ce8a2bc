import type { PlanPath } from "../../plan/plan-path.js";
import { collectScriptReferences, type PlanString } from "../../plan/plan-references.js";
import type { Plan } from "../../plan/schema/plan-schema.js";
import { didYouMean } from "../closest-match.js";
import type { LintRule } from "../lint-rule.js";
import type { PlanFiles } from "../plan-files.js";

const ESCAPES = "escapes the plan's folder; scripts must live inside it";

/** A command's first word, when it is a relative path to run (`scripts/x.sh`, `./bin/x`). */
function readRelativeProgram(command: string): string | undefined {
  const [first = ""] = command.trim().split(/\s+/);
  if (!first.includes("/") || /^[/~$]/.test(first)) return undefined;
  // Expansions and globs are only known when the shell runs, so they cannot be checked here.
  if (/[$`*?]/.test(first)) return undefined;
  return first;
}

function collectCommandPrograms(plan: Plan): Array<PlanString & { program: string }> {
  return (plan.migration_phases ?? []).flatMap((phase, pi) =>
    (phase.steps ?? []).flatMap((step, si) =>
      (step.execution_details?.commands ?? []).flatMap((command, ci) => {
        const program = readRelativeProgram(command);
        const path: PlanPath = ["migration_phases", pi, "steps", si, "execution_details", "commands", ci];
        return program === undefined ? [] : [{ value: command, path, program }];
      }),
    ),
  );
}

function joinDir(dir: string, path: string): string {
  return `${dir.replace(/\/+$/, "")}/${path.replace(/^(\.\/)+/, "")}`;
}

/** The scripts folder as a second place to look, unless it is the plan's folder itself. */
function readScriptsDir(plan: Plan): string | undefined {
  const dir = plan.linkage?.automation_scripts_dir?.trim();
  if (dir === undefined || /^(\.?\/?)*$/.test(dir)) return undefined;
  return dir;
}

type Resolution = { kind: "found" } | { kind: "outside" } | { kind: "directory" } | { kind: "missing"; looked: string[] };

/** SEMANTICS section 4: the plan's folder first, else `linkage.automation_scripts_dir`. */
function resolveScript(files: PlanFiles, path: string, scriptsDir: string | undefined): Resolution {
  const inPlan = files.inspect(path);
  if (inPlan.kind === "outside") return { kind: "outside" };
  if (inPlan.kind === "file") return { kind: "found" };
  // An escaping scripts folder is linked-files' finding; it is not searched.
  if (scriptsDir === undefined || files.inspect(scriptsDir).kind === "outside") {
    return inPlan.kind === "directory" ? { kind: "directory" } : { kind: "missing", looked: [path] };
  }
  const dirPath = joinDir(scriptsDir, path);
  const inDir = files.inspect(dirPath);
  if (inDir.kind === "file") return { kind: "found" };
  // A link inside the scripts folder that points out of the tree escapes just the same.
  if (inDir.kind === "outside") return { kind: "outside" };
  if (inPlan.kind === "directory" || inDir.kind === "directory") return { kind: "directory" };
  return { kind: "missing", looked: [path, dirPath] };
}

function describeLooked(looked: readonly string[]): string {
  return looked.map((p) => JSON.stringify(p)).join(" and ");
}

/** Names beside the missing file, so a typo in the file name gets a suggestion. */
function suggestSibling(files: PlanFiles, path: string): string {
  const slash = path.lastIndexOf("/");
  const dir = slash === -1 ? "." : path.slice(0, slash);
  const prefix = slash === -1 ? "" : path.slice(0, slash + 1);
  return didYouMean(path, files.list(dir).map((name) => prefix + name));
}

function describeProblem(resolution: Resolution, files: PlanFiles, path: string): string | undefined {
  switch (resolution.kind) {
    case "found":
      return undefined;
    case "outside":
      return ESCAPES;
    case "directory":
      return "is a directory, not a file; name the script file to run";
    case "missing":
      return `was not found at ${describeLooked(resolution.looked)} in the plan's folder; add the file or fix the path${suggestSibling(files, path)}`;
  }
}

export const scriptFilesRule: LintRule = {
  id: "script-files",
  description: "Every script the plan names, and every command run by relative path, exists inside the plan's folder.",
  category: "files",
  severity: "error",
  check({ plan, files }, report) {
    const scriptsDir = readScriptsDir(plan);
    for (const script of collectScriptReferences(plan)) {
      const path = script.value.trim();
      const problem = describeProblem(resolveScript(files, path, scriptsDir), files, path);
      if (problem !== undefined) report({ path: script.path, message: `script ${JSON.stringify(script.value)} ${problem}` });
    }
    for (const command of collectCommandPrograms(plan)) {
      const problem = describeProblem(resolveScript(files, command.program, scriptsDir), files, command.program);
      if (problem === undefined) continue;
      report({
        path: command.path,
        message: `command ${JSON.stringify(command.value)} runs ${JSON.stringify(command.program)}, which ${problem}`,
      });
    }
  },
};
