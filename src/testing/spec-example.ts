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

/** Every script and relative command the spec's example names, in the order it names them. */
export const specExampleScripts: readonly string[] = [
  "scripts/backup-cart.sh",
  "scripts/validate-backup.sh",
  "scripts/restore-cart.sh",
  "migrations/001_add_discount_columns.sql",
  "scripts/validate-schema.sh",
  "migrations/001_rollback.sql",
  "scripts/deploy-discount-service.sh",
  "scripts/validate-service.sh",
  "scripts/rollback-discount-service.sh",
  "scripts/switch-traffic.sh",
  "scripts/deploy-cart-service.sh",
  "scripts/validate-cart-deployment.sh",
  "scripts/rollback-cart-service.sh",
  "scripts/configure-feature-flag.sh",
  "scripts/validate-rollout.sh",
  "scripts/disable-feature-flag.sh",
  "scripts/step-rollback.sh",
  "scripts/phase-rollback.sh",
  "scripts/full-rollback.sh",
];

/** Every test dataset id the spec's example names, in the order it names them. */
export const specExampleDatasets: readonly string[] = [
  "FF-TEST-001",
  "ROLLBACK-TEST-001",
  "DATA-MIG-TEST-001",
  "ROLLBACK-TEST-002",
  "GATE-TEST-001",
  "REGRESSION-TEST-001",
  "ROLLBACK-TEST-003",
  "SERVICE-HEALTH-001",
  "CART-DEPLOY-001",
  "SMOKE-TEST-001",
  "DEPLOY-GATE-001",
  "ROLLBACK-TEST-004",
  "DISCOUNT-TEST-001",
  "CALC-TEST-001",
  "ROLLOUT-TEST-002",
  "ROLLOUT-TEST-003",
  "FINAL-VALIDATION-001",
  "UPTIME-TEST-001",
  "ALL-TESTS-001",
];
