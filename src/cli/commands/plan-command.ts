import { Command, Option } from "@commander-js/extra-typings";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { explainPlanFile } from "../../app/explain-plan-file.js";
import { planRules } from "../../lint/rules/plan-rules.js";
import { parseIsoDate } from "../../plan/values/iso-date.js";
import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { lintReporters } from "../reporters/lint-reporters.js";
import { type PlanDiagram, planDiagrams } from "../reporters/plan-reporter.js";
import { type PlanFormat, planFormats, planReporters } from "../reporters/plan-reporters.js";

export function planCommand(io: CliIo, version: string, setExit: (code: number) => void) {
  return new Command("plan")
    .description("explain a plan: order, gates, rollback map, critical path, milestones and constraints; runs nothing")
    .argument("[plan]", "the plan file (default: ./migration-strategy.yaml)")
    .addOption(new Option("-f, --format <format>", "output format").choices(planFormats).default("text" as PlanFormat))
    .option("--json", "same as --format json")
    .option("--start <date>", "when the migration starts, ISO 8601 (default: the plan's metadata.created_date)")
    .addOption(
      new Option("--diagram <diagram>", "with --format mermaid: which diagram to print").choices(planDiagrams).default("both" as PlanDiagram),
    )
    .addHelpText(
      "after",
      [
        "",
        "Exit codes: 0 explained, 1 lint errors or a dependency cycle (nothing explained), 2 unreadable input or bad usage.",
        "A plan with lint errors is refused with lint's report, as `bascule run` would refuse it.",
        "--format mermaid --diagram both prints the Gantt chart, a %% comment line, then the flowchart:",
        "two diagrams, to render one at a time; --diagram gantt or flowchart prints one that renders whole.",
      ].join("\n"),
    )
    .action((plan, options) => {
      const path = plan ?? defaultPlan(io.cwd);
      const format: PlanFormat = options.json ? "json" : options.format;
      const result = explainPlanFile(path, { cwd: io.cwd, startMs: readStart(options.start) });
      if (result.kind === "refused") {
        const reporter = format === "json" ? lintReporters.json : lintReporters.stylish;
        io.stdout(reporter(result.lint, { color: io.color, rules: planRules, toolVersion: version }));
        setExit(result.lint.exitCode);
        return;
      }
      if (result.kind === "cyclic") {
        const { graph, cycles } = result.cyclic;
        const named = cycles.map((cycle) => [...cycle, cycle[0]].join(" → ")).join("; ");
        io.stderr(`bascule: ${path}: ${graph} ${graph === "milestones" ? "have" : "has"} a cycle: ${named}; nothing can be scheduled\n`);
        setExit(1);
        return;
      }
      const { explanation, lint } = result;
      if (explanation.start.source === "clock") {
        io.stderr(`bascule: ${path} has no metadata.created_date and no --start was given: the timeline starts now\n`);
      }
      if (lint.warningCount > 0 && format === "text") {
        io.stderr(`bascule: lint reports ${lint.warningCount} ${lint.warningCount === 1 ? "warning" : "warnings"}; see \`bascule lint ${path}\`\n`);
      }
      io.stdout(planReporters[format](explanation, { color: io.color, diagram: options.diagram }));
      setExit(0);
    });
}

function readStart(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const parsed = parseIsoDate(text);
  if (parsed.kind === "invalid") throw new CliError(`--start ${JSON.stringify(text)}: ${parsed.reason}`, 2);
  return parsed.value.epochMs;
}

function defaultPlan(cwd: string): string {
  const candidate = "migration-strategy.yaml";
  if (!existsSync(resolve(cwd, candidate))) {
    throw new CliError("no plan given and no migration-strategy.yaml here; run `bascule plan PATH`", 2);
  }
  return candidate;
}
