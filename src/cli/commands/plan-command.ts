import { Command, Option } from "@commander-js/extra-typings";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { explainPlanFile } from "../../app/explain-plan-file.js";
import type { LintRun } from "../../app/lint-files.js";
import { systemClock } from "../../app/local-system.js";
import { planRules } from "../../lint/rules/plan-rules.js";
import { parseIsoDate } from "../../plan/values/iso-date.js";
import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { lintExitCode } from "../lint-exit-code.js";
import { printErrors } from "../reporters/print-errors.js";
import { lintReporters } from "../reporters/lint-reporters.js";
import { formatPlanLintSummary } from "../reporters/plan-lint-summary.js";
import { type PlanDiagram, planDiagrams } from "../reporters/plan-reporter.js";
import { type PlanFormat, planFormats, planReporters } from "../reporters/plan-reporters.js";

export function planCommand(io: CliIo, version: string, setExit: (code: number) => void) {
  return new Command("plan")
    .description("explain a plan: order, gates, rollback map, critical path, milestones, constraints and missing files; runs nothing")
    .argument("[plan]", "the plan file (default: ./migration-strategy.yaml)")
    .addOption(new Option("-f, --format <format>", "output format").choices(planFormats).default("text" as PlanFormat))
    .option("--json", "same as --format json")
    .option("--start <date>", "when the migration starts, ISO 8601 (default: the plan's metadata.created_date)")
    .option("--config <file>", "bindings file (default: bascule.config.yaml beside the plan)")
    .option("--env <name>", "environment of the bindings to use (environments.<name>)")
    .addOption(new Option("--diagram <diagram>", "with --format mermaid: which diagram to print").choices(planDiagrams).default("both" as PlanDiagram))
    .addHelpText(
      "after",
      [
        "",
        "Exit codes: 0 explained, 1 explained though lint found errors in the plan itself (or the file is no plan:",
        "nothing explained), 2 unreadable input, invalid --config/--env bindings or bad usage.",
        "A plan is explained even when lint finds errors: the output (any format) goes to stdout, lint's",
        "errors to stderr. Scripts, datasets and linked files the plan names but its folder lacks are listed",
        'first ("Missing files"); they alone leave the exit code 0, though `bascule run` refuses the plan',
        "until the scripts and datasets exist. A dependency that closes a cycle is left out of the timeline.",
        "Checks the bindings (bascule.config.yaml beside the plan, or --config) answer count as automatic,",
        "as `bascule lint` counts them.",
        "--format mermaid --diagram both prints the Gantt chart, a %% comment line, then the flowchart:",
        "two diagrams, to render one at a time; --diagram gantt or flowchart prints one that renders whole.",
      ].join("\n"),
    )
    .action((plan, options) => {
      const path = plan ?? defaultPlan(io.cwd);
      const format: PlanFormat = options.json ? "json" : options.format;
      const result = explainPlanFile(path, {
        cwd: io.cwd,
        startMs: readStart(options.start),
        configPath: options.config,
        environment: options.env,
        env: io.env,
        clock: systemClock,
      });
      const stylish = (run: LintRun) => lintReporters.stylish(run, { color: io.color, rules: planRules, toolVersion: version });
      if (result.kind === "refused") {
        // Lint's report goes to stderr: stdout holds the chosen format or nothing at all.
        io.stderr(stylish(result.lint));
        if (result.reason !== undefined) io.stderr(`bascule: ${path}: ${result.reason}\n`);
        // Nothing was explained: never a success, whatever lint found.
        setExit(Math.max(1, lintExitCode(result.lint)));
        return;
      }
      if (result.kind === "invalid-bindings") {
        const { file, text, diagnostics } = result.bindings;
        printErrors(io, version, file, text, diagnostics);
        throw new CliError("the bindings file is not valid", 2);
      }
      const { explanation, lint } = result;
      if (explanation.start.source === "clock") {
        io.stderr(`bascule: ${path} has no metadata.created_date and no --start was given: the timeline starts now\n`);
      }
      if (result.ignoredBindings !== undefined) {
        io.stderr(`bascule: ${result.ignoredBindings} is not valid, so no check counts as bound; \`bascule run --dry-run\` shows why\n`);
      }
      io.stderr(formatPlanLintSummary(lint, path));
      io.stdout(planReporters[format](explanation, { color: io.color, diagram: options.diagram }));
      setExit(result.planErrorCount > 0 ? 1 : 0);
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
