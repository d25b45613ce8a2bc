import type { PlanPath } from "../../plan/plan-path.js";
import { collectScriptReferences, type PlanString } from "../../plan/plan-references.js";
import type { Plan } from "../../plan/schema/plan-schema.js";
import { findClosestMatch } from "../closest-match.js";
import type { Finding } from "../diagnostic.js";
import type { LintRule } from "../lint-rule.js";
import { formatSuggestion, type MissingReference, reportMissingFiles } from "../missing-files.js";
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

/** SEMANTICS section 4: the plan's folder first, else `linkage.automation_scripts_dir` (`searched`). */
function resolveScript(files: PlanFiles, path: string, searched: string | undefined): Resolution {
  const inPlan = files.inspect(path);
  if (inPlan.kind === "outside") return { kind: "outside" };
  if (inPlan.kind === "file") return { kind: "found" };
  if (searched === undefined) return inPlan.kind === "directory" ? { kind: "directory" } : { kind: "missing", looked: [path] };
  const dirPath = joinDir(searched, path);
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

/** Names beside the missing file, so a typo in the file name gets a suggestion; each folder is listed once. */
function findSibling(list: (dir: string) => readonly string[], path: string): string | undefined {
  const slash = path.lastIndexOf("/");
  const dir = slash === -1 ? "." : path.slice(0, slash);
  const prefix = slash === -1 ? "" : path.slice(0, slash + 1);
  return findClosestMatch(
    path,
    list(dir).map((name) => prefix + name),
  );
}

function describeProblem(resolution: Resolution, suggestion: string | undefined): string | undefined {
  switch (resolution.kind) {
    case "found":
      return undefined;
    case "outside":
      return ESCAPES;
    case "directory":
      return "is a directory, not a file; name the script file to run";
    case "missing":
      return `was not found at ${describeLooked(resolution.looked)} in the plan's folder; add the file or fix the path${formatSuggestion(suggestion)}`;
  }
}

/** What the script rule finds: files that are not there, and paths that can never be run. */
export interface ScriptCheck {
  readonly missing: readonly MissingReference[];
  /** Paths escaping the plan's folder or naming a directory: one finding each. */
  readonly problems: readonly Finding[];
  /** The second folder searched, when there is one. */
  readonly scriptsDir: string | undefined;
}

export function findMissingScripts(plan: Plan, files: PlanFiles): ScriptCheck {
  const named = readScriptsDir(plan);
  // An escaping scripts folder is linked-files' finding; it is not searched.
  const scriptsDir = named !== undefined && files.inspect(named).kind !== "outside" ? named : undefined;
  const listings = new Map<string, readonly string[]>();
  const list = (dir: string) => listings.get(dir) ?? listings.set(dir, files.list(dir)).get(dir) ?? [];
  const missing: MissingReference[] = [];
  const problems: Finding[] = [];
  const check = (path: PlanPath, program: string, describe: (problem: string) => string) => {
    const resolution = resolveScript(files, program, scriptsDir);
    const suggestion = resolution.kind === "missing" ? findSibling(list, program) : undefined;
    const problem = describeProblem(resolution, suggestion);
    if (problem === undefined) return;
    const message = describe(problem);
    if (resolution.kind === "missing") missing.push({ name: program, path, looked: resolution.looked, suggestion, message });
    else problems.push({ path, message });
  };
  for (const script of collectScriptReferences(plan)) {
    check(script.path, script.value.trim(), (problem) => `script ${JSON.stringify(script.value)} ${problem}`);
  }
  for (const command of collectCommandPrograms(plan)) {
    check(command.path, command.program, (problem) => `command ${JSON.stringify(command.value)} runs ${JSON.stringify(command.program)}, which ${problem}`);
  }
  return { missing, problems, scriptsDir };
}

export const scriptFilesRule: LintRule = {
  id: "script-files",
  description: "Every script the plan names, and every command run by relative path, exists inside the plan's folder.",
  category: "files",
  severity: "error",
  check({ plan, files, document }, report) {
    const { missing, problems, scriptsDir } = findMissingScripts(plan, files);
    for (const problem of problems) report(problem);
    const where = scriptsDir === undefined ? "the plan's folder" : `the plan's folder and ${JSON.stringify(scriptsDir)}`;
    reportMissingFiles(plan, missing, document.locate, report, (grouped, list) => {
      const count = grouped.length === 1 ? "1 script the plan names is" : `${grouped.length} scripts the plan names are`;
      return `${count} missing from ${where}: ${list}; add them or fix the paths`;
    });
  },
};
