// How the crash harness starts `bascule` cheaply: from sources transpiled once, without tsx.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** How a real `bascule` process starts: node, then these arguments, then the command line. */
export interface BasculeLauncher {
  readonly kind: "transpiled" | "tsx";
  readonly args: readonly string[];
}

/**
 * `transpiled` (the default) compiles the sources once, type-stripped, into
 * node_modules/.cache, so each start costs plain Node (~0.15 s) instead of Node with the tsx
 * loader (~0.4 s); no `npm run build` is involved. `tsx` runs scripts/bascule-dev.ts as is.
 */
export function prepareBasculeLauncher(kind: BasculeLauncher["kind"] = process.env.CRASH_LAUNCHER === "tsx" ? "tsx" : "transpiled"): BasculeLauncher {
  if (kind === "tsx") {
    const loader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
    return { kind, args: ["--import", loader, join(repoRoot, "scripts", "bascule-dev.ts")] };
  }
  return { kind, args: [transpileSources()] };
}

export function transpileSources(): string {
  const sources = listSources(join(repoRoot, "src"));
  const hash = createHash("sha256");
  for (const file of sources) hash.update(file).update(readFileSync(file));
  const cacheDir = join(repoRoot, "node_modules", ".cache", "bascule-crash-harness");
  const outDir = join(cacheDir, hash.digest("hex").slice(0, 16));
  const entry = join(outDir, "bascule.js");
  if (existsSync(entry)) return entry;
  const building = `${outDir}.${process.pid}.tmp`;
  for (const file of sources) {
    const { outputText } = ts.transpileModule(readFileSync(file, "utf8"), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    const out = join(building, relative(repoRoot, file).replace(/\.ts$/, ".js"));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, outputText);
  }
  // cli/main.ts reads its version from ../../package.json.
  writeFileSync(join(building, "package.json"), readFileSync(join(repoRoot, "package.json")));
  writeFileSync(join(building, "bascule.js"), 'import { runCli } from "./src/cli/main.js";\nprocess.exitCode = await runCli(process.argv.slice(2));\n');
  try {
    renameSync(building, outDir);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another process built the same sources first
  }
  for (const old of readdirSync(cacheDir)) {
    const path = join(cacheDir, old);
    if (path !== outDir && Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
  }
  return entry;
}

export function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listSources(join(dir, e.name)) : /(?<!\.test)\.ts$/.test(e.name) ? [join(dir, e.name)] : []))
    .sort();
}

/** The plan a trial runs, in its own folder: 3 phases of 4 steps, gates without approvals. */

export interface ProcessEnd {
  readonly exitCode: number | null;
  readonly killed: boolean;
  readonly durationMs: number;
  readonly output: string;
}

/** Starts `bascule` in the plan's folder; with `killAfterMs`, SIGKILLs it then if it still runs. */
export function startBascule(launcher: BasculeLauncher, argv: readonly string[], cwd: string, killAfterMs?: number): Promise<ProcessEnd> {
  const started = performance.now();
  const child = spawn(process.execPath, [...launcher.args, ...argv], { cwd, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ exitCode: code, killed: signal === "SIGKILL", durationMs: performance.now() - started, output: output.slice(-2000) });
    });
  });
}
