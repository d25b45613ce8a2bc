import { Command, Option } from "@commander-js/extra-typings";
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { findPlanFiles } from "../../app/find-plan-files.js";
import { describeInternalError, type LintRun, lintFiles } from "../../app/lint-files.js";
import type { Severity } from "../../lint/diagnostic.js";
import type { LintRule } from "../../lint/lint-rule.js";
import { planRules } from "../../lint/rules/plan-rules.js";
import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { lintExitCode } from "../lint-exit-code.js";
import { type LintFormat, lintFormats, lintReporters } from "../reporters/lint-reporters.js";

const severities = ["error", "warning", "info", "off"] as const;

/** `--rule a=off --rule b=info,c=error`: each use adds its comma-separated settings. */
const collectRules = (value: string, previous: string[]) => [...previous, ...value.split(",").filter((part) => part.trim() !== "")];

/**
 * `bascule lint`. `rules` are the rules it runs, lists and accepts in `--rule`.
 * @default planRules
 */
export function lintCommand(io: CliIo, version: string, setExit: (code: number) => void, rules: readonly LintRule[] = planRules) {
  return new Command("lint")
    .description("check plans against the v1.0 schema and Bascule's rules")
    .argument("[plans...]", "plan files, or folders holding migration-strategy*.yaml files", [] as string[])
    .addOption(new Option("-f, --format <format>", "output format").choices(lintFormats).default("stylish" as LintFormat))
    .option("--json", "same as --format json")
    .option("--strict", "treat the spec's checklist (gates, rollback, datasets, monitoring, …) as errors")
    .option("--rule <id=severity>", "set a rule's severity: error, warning, info or off (repeatable; or id=off,id2=info)", collectRules, [] as string[])
    .option("--quiet", "report errors only, and say how many warnings and infos were hidden")
    .option("--list-rules", "list every rule with its id and description")
    .addHelpText(
      "after",
      "\nExit codes: 0 no errors, 1 errors found, 2 unreadable input, bad usage or an internal error.\n" +
        "With no file, lints ./migration-strategy.yaml. A folder lints every migration-strategy*.yaml|yml in it and below\n" +
        "(skipping node_modules and dot folders).",
    )
    .action((plans, options) => {
      if (options.listRules) {
        for (const rule of rules) io.stdout(`${rule.id.padEnd(32)} ${rule.severity.padEnd(8)} ${rule.description}\n`);
        setExit(0);
        return;
      }
      const format: LintFormat = options.json ? "json" : options.format;
      const ruleSeverities = parseRuleOptions(options.rule, rules);
      const files = plans.length > 0 ? expandFolders(plans, io.cwd) : [defaultPlan(io.cwd)];
      const reporterOptions = { color: io.color, rules, toolVersion: version };
      let output: string;
      let exitCode: number;
      let note: string | undefined;
      try {
        const run = lintFiles(files, { cwd: io.cwd, env: io.env, strict: options.strict, ruleSeverities, rules });
        const shown = options.quiet ? hideAllButErrors(run) : run;
        output = lintReporters[format](shown, reporterOptions);
        exitCode = lintExitCode(run);
        // JSON and SARIF carry the counts themselves; text formats say them after the report.
        if (shown.hidden !== undefined && (format === "stylish" || format === "github")) note = describeHidden(shown.hidden);
      } catch (error) {
        // Machine formats stay parseable whatever happens: the bug becomes the report's one finding.
        if (format !== "json" && format !== "sarif") throw error;
        const diagnostic = describeInternalError(error, io.env);
        const failed: LintRun = {
          files: [{ path: files[0] ?? "", diagnostics: [diagnostic], unreadable: false, internalError: true }],
          errorCount: 1,
          warningCount: 0,
          infoCount: 0,
        };
        output = lintReporters[format](failed, reporterOptions);
        exitCode = 2;
      }
      io.stdout(output);
      if (note !== undefined) io.stderr(`${note}\n`);
      setExit(exitCode);
    });
}

function defaultPlan(cwd: string): string {
  const candidate = "migration-strategy.yaml";
  if (!existsSync(resolve(cwd, candidate))) {
    throw new CliError("no plan given and no migration-strategy.yaml here; run `bascule lint PATH`", 2);
  }
  return candidate;
}

/**
 * Each folder named becomes the plans found in it; files stay as named. A folder holding no
 * plan stays too, so that it is reported like any path that is no plan file (exit 2).
 */
function expandFolders(paths: readonly string[], cwd: string): string[] {
  return paths.flatMap((path) => {
    const folder = resolve(cwd, path);
    if (!isFolder(folder)) return [path];
    const found = findPlanFiles(folder).map((absolute) => nameFromFolder(path, folder, absolute));
    return found.length > 0 ? found : [path];
  });
}

/** A found plan named from the folder as the user typed it: `examples` → `examples/discount/migration-strategy.yaml`. */
function nameFromFolder(typed: string, folder: string, absolute: string): string {
  const rest = absolute.slice(folder.length).replace(/^[\\/]+/, "");
  return typed === "." || typed === "./" ? rest : `${typed.replace(/[\\/]+$/, "")}/${rest}`;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function hideAllButErrors(run: LintRun): LintRun {
  return {
    ...run,
    warningCount: 0,
    infoCount: 0,
    files: run.files.map((f) => ({ ...f, diagnostics: f.diagnostics.filter((d) => d.severity === "error") })),
    hidden: { warningCount: run.warningCount, infoCount: run.infoCount },
  };
}

/** "3 warnings and 1 info hidden by --quiet", or nothing when nothing was. */
function describeHidden(hidden: NonNullable<LintRun["hidden"]>): string | undefined {
  const parts = [
    hidden.warningCount > 0 ? `${hidden.warningCount} ${hidden.warningCount === 1 ? "warning" : "warnings"}` : "",
    hidden.infoCount > 0 ? `${hidden.infoCount} ${hidden.infoCount === 1 ? "info" : "infos"}` : "",
  ].filter((part) => part !== "");
  return parts.length === 0 ? undefined : `${parts.join(" and ")} hidden by --quiet`;
}

function parseRuleOptions(values: readonly string[], rules: readonly LintRule[]): Map<string, Severity | "off"> {
  const known = new Set(rules.map((r) => r.id));
  const out = new Map<string, Severity | "off">();
  for (const value of values) {
    const [id, severity] = value.trim().split("=");
    if (id === undefined || !known.has(id)) {
      throw new CliError(`unknown rule ${JSON.stringify(id)} in --rule; see \`bascule lint --list-rules\``, 2);
    }
    if (!severities.includes(severity as (typeof severities)[number])) {
      throw new CliError(`--rule ${value}: severity must be one of ${severities.join(", ")}`, 2);
    }
    out.set(id, severity as Severity | "off");
  }
  return out;
}
