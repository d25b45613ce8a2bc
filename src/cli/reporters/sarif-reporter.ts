import { internalErrorRule } from "../../app/lint-files.js";
import { formatPlanPath } from "../../plan/plan-path.js";
import type { Severity } from "../../lint/diagnostic.js";
import type { LintReporter } from "./lint-reporter.js";

const levelOf: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };

/** SARIF 2.1.0, the format code-scanning services accept. */
export const sarifReporter: LintReporter = (run, { rules, toolVersion }) => {
  const ruleIds = [...rules.map((r) => r.id), "source", internalErrorRule];
  const descriptors = [
    ...rules.map((rule) => ({
      id: rule.id,
      name: rule.id,
      shortDescription: { text: rule.description },
      defaultConfiguration: { level: levelOf[rule.severity] },
      properties: { category: rule.category },
    })),
    {
      id: "source",
      name: "source",
      shortDescription: { text: "The file is a readable YAML plan." },
      defaultConfiguration: { level: "error" as const },
      properties: { category: "schema" },
    },
    {
      id: internalErrorRule,
      name: internalErrorRule,
      shortDescription: { text: "Bascule met a bug while linting the file; the message says which." },
      defaultConfiguration: { level: "error" as const },
      properties: { category: "internal" },
    },
  ];
  const results = run.files.flatMap((file) =>
    file.diagnostics.map((d) => ({
      ruleId: d.rule,
      ruleIndex: Math.max(0, ruleIds.indexOf(d.rule)),
      level: levelOf[d.severity],
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: toUri(file.path) },
            region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
          },
          ...(d.path.length > 0 ? { logicalLocations: [{ fullyQualifiedName: formatPlanPath(d.path), kind: "member" }] } : {}),
        },
      ],
    })),
  );
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "bascule", version: toolVersion, rules: descriptors } },
        results,
        ...(run.hidden ? { properties: { hiddenByQuiet: run.hidden } } : {}),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

function toUri(path: string): string {
  return path.split(/[\\/]/).map(encodeURIComponent).join("/");
}
