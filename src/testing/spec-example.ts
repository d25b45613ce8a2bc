import { existsSync, readFileSync } from "node:fs";

/** The spec's own example plan, copied verbatim: what a user pastes alone into an empty folder. */
export const specExamplePath = new URL("../../test/fixtures/spec-example/migration-strategy.yaml", import.meta.url).pathname;

/** The format's spec, beside the repository (where CI has it too). */
export const specPath = new URL("../../../shared/spec/migration-strategy.schema.md", import.meta.url).pathname;

export function readSpecExample(): string {
  return readFileSync(specExamplePath, "utf8");
}

/** The spec's first YAML block under "## Examples", as written there; undefined without the spec. */
export function readSpecExampleBlock(): string | undefined {
  if (!existsSync(specPath)) return undefined;
  const spec = readFileSync(specPath, "utf8");
  const examples = spec.indexOf("\n## Examples\n");
  const open = spec.indexOf("```yaml\n", examples);
  const close = spec.indexOf("\n```", open);
  if (examples === -1 || open === -1 || close === -1) throw new Error(`${specPath} has no YAML block under "## Examples"`);
  return spec.slice(open + "```yaml\n".length, close + 1);
}
