import { Command, Option } from "@commander-js/extra-typings";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { lintFiles } from "../../app/lint-files.js";
import type { Severity } from "../../lint/diagnostic.js";
import { planRules } from "../../lint/rules/plan-rules.js";
import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { type LintFormat, lintFormats, lintReporters } from "../reporters/lint-reporters.js";

const severities = ["error", "warning", "info", "off"] as const;

export function lintCommand(io: CliIo, version: string, setExit: (code: number) => void) {
  return new Command("lint")
    .description("check plans against the v1.0 schema and Bascule's rules")
    .argument("[plans...]", "plan files to lint", [] as string[])
    .addOption(new Option("-f, --format <format>", "output format").choices(lintFormats).default("stylish" as LintFormat))
    .option("--json", "same as --format json")
    .option("--strict", "treat the spec's checklist (gates, rollback, datasets, monitoring, …) as errors")
    .option("--rule <id=severity...>", "set a rule's severity: error, warning, info or off")
    .option("--quiet", "report errors only")
    .option("--list-rules", "list every rule with its id and description")
    .addHelpText(
      "after",
      "\nExit codes: 0 no errors, 1 errors found, 2 unreadable input or bad usage.\nWith no file, lints ./migration-strategy.yaml.",
    )
    .action((plans, options) => {
      if (options.listRules) {
        for (const rule of planRules) io.stdout(`${rule.id.padEnd(32)} ${rule.severity.padEnd(8)} ${rule.description}\n`);
        setExit(0);
        return;
      }
      const files = plans.length > 0 ? plans : [defaultPlan(io.cwd)];
      const run = lintFiles(files, {
        cwd: io.cwd,
        env: io.env,
        strict: options.strict,
        ruleSeverities: parseRuleOptions(options.rule ?? []),
      });
      const shown = options.quiet
        ? {
            ...run,
            warningCount: 0,
            infoCount: 0,
            files: run.files.map((f) => ({ ...f, diagnostics: f.diagnostics.filter((d) => d.severity === "error") })),
          }
        : run;
      const format: LintFormat = options.json ? "json" : options.format;
      io.stdout(lintReporters[format](shown, { color: io.color, rules: planRules, toolVersion: version }));
      setExit(run.exitCode);
    });
}

function defaultPlan(cwd: string): string {
  const candidate = "migration-strategy.yaml";
  if (!existsSync(resolve(cwd, candidate))) {
    throw new CliError("no plan given and no migration-strategy.yaml here; run `bascule lint PATH`", 2);
  }
  return candidate;
}

function parseRuleOptions(values: readonly string[]): Map<string, Severity | "off"> {
  const known = new Set(planRules.map((r) => r.id));
  const out = new Map<string, Severity | "off">();
  for (const value of values) {
    const [id, severity] = value.split("=");
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
