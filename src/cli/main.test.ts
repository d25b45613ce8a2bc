import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, runCliCaptured } from "../testing/run-cli-captured.js";

const commands = ["lint", "schema", "plan", "run", "status", "monitor", "data", "approve", "attest", "resolve", "decide", "retry", "rollback", "cleanup", "runs", "logs"];

const traceDir = mkdtempSync(join(tmpdir(), "bascule-loads-"));
afterAll(() => rmSync(traceDir, { recursive: true, force: true }));

/** The module URLs a real `bascule` process loads, recorded by a resolve hook chained after tsx. */
function modulesLoadedBy(args: readonly string[]): string[] {
  const log = join(traceDir, "loads.log");
  rmSync(log, { force: true });
  writeFileSync(
    join(traceDir, "hooks.mjs"),
    `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.BASCULE_TRACE_LOADS, resolved.url + "\\n");
  return resolved;
}
`,
  );
  writeFileSync(join(traceDir, "register.mjs"), `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(traceDir, "hooks.mjs")).href)});\n`);
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  const result = spawnSync(process.execPath, ["--import", tsx, "--import", join(traceDir, "register.mjs"), join(repoRoot, "scripts", "bascule-dev.ts"), ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", BASCULE_TRACE_LOADS: log },
    timeout: 60_000,
  });
  expect(result.status, result.stderr).toBe(0);
  return readFileSync(log, "utf8")
    .split("\n")
    .filter((url) => url !== "");
}

describe("runCli", () => {
  it("lints without loading SQLite, PostgreSQL, the data migrations or the run engine's adapters", () => {
    const loaded = modulesLoadedBy(["lint", "examples/discount/migration-strategy.yaml"]);
    expect(loaded.some((url) => url.endsWith("/src/cli/commands/lint-command.ts"))).toBe(true);
    const heavy = loaded.filter((url) =>
      /\/node_modules\/(better-sqlite3|pg|pg-[a-z-]+)\/|\/src\/(data|adapters\/(sqlite|postgres|prometheus|shell)|app\/(run|data|monitor))\/|\/src\/cli\/commands\/(?!lint-command)/.test(
        url,
      ),
    );
    expect(heavy).toEqual([]);
  }, 90_000);

  it("explains a plan without loading a database driver or the run's adapters", () => {
    const loaded = modulesLoadedBy(["plan", "examples/discount/migration-strategy.yaml", "--format", "json"]);
    expect(loaded.some((url) => url.endsWith("/src/cli/commands/plan-command.ts"))).toBe(true);
    const heavy = loaded.filter((url) =>
      /\/node_modules\/(better-sqlite3|pg|pg-[a-z-]+)\/|\/src\/(data|adapters\/(sqlite|postgres|prometheus|shell))\/|\/src\/app\/run\/system-ports/.test(url),
    );
    expect(heavy).toEqual([]);
  }, 90_000);

  it("gives each command the same help whether its module is loaded alone or with every other", async () => {
    for (const command of commands) {
      const alone = await runCliCaptured([command, "--help"]);
      const withAll = await runCliCaptured(["help", command]);
      expect(alone.exitCode, command).toBe(0);
      expect(alone.stdout, command).toBe(withAll.stdout);
      expect(alone.stdout, command).toContain(`Usage: bascule ${command}`);
    }
  });

  it("lists every command in the program's help, in order", async () => {
    const { exitCode, stdout } = await runCliCaptured(["--help"]);
    expect(exitCode).toBe(0);
    const listed = [...stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((match) => match[1]);
    expect(listed).toEqual([...commands, "help"]);
  });

  it("still suggests the command a typo meant, and exits 2", async () => {
    const { exitCode, stderr } = await runCliCaptured(["lnit"]);
    expect(exitCode).toBe(2);
    expect(stderr).toContain("(Did you mean lint?)");
  });
});
