// How long `bascule lint` on the discount example takes against a bare `node -e 0`, both run as
// real processes, interleaved in one run; and what importing each heavy dependency costs.
// Run: npm run build && npm run bench:cli   (it times the built CLI in dist/; ratios only)
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 31);
const builtMain = join(repoRoot, "dist", "bundle", "bascule.js");

if (!existsSync(builtMain)) {
  console.error("bench:cli times the built CLI: run `npm run build` first");
  process.exit(2);
}
const newestSource = newestMtime(join(repoRoot, "src"));
if (newestSource > statSync(builtMain).mtimeMs) {
  console.warn("warning: src/ changed after the last build; run `npm run build` to time the current code\n");
}

const importOf = (specifier: string) => ["--input-type=module", "-e", `await import(${JSON.stringify(specifier)})`];
const lintExample = ["bin/bascule.js", "lint", "examples/discount/migration-strategy.yaml"];
const subjects: ReadonlyArray<{ readonly name: string; readonly args: readonly string[] }> = [
  { name: "node -e 0", args: ["-e", "0"] },
  { name: "bascule lint (discount example)", args: lintExample },
  { name: "bascule --help (every command loaded)", args: ["bin/bascule.js", "--help"] },
  ...["zod", "js-yaml", "yaml", "@commander-js/extra-typings", "better-sqlite3", "pg"].map((name) => ({
    name: `import ${name}`,
    args: importOf(name),
  })),
];

const check = spawnSync(process.execPath, lintExample, { cwd: repoRoot, encoding: "utf8" });
if (check.status !== 0) throw new Error(`bascule lint exited ${check.status}: ${check.stderr}`);

const times = subjects.map(() => [] as number[]);
for (let round = 0; round < rounds; round++) {
  // Interleaved, so every subject sees the same machine load.
  subjects.forEach((subject, i) => {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, subject.args, { cwd: repoRoot, stdio: "ignore" });
    times[i]?.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status !== 0) throw new Error(`${subject.name} exited ${result.status}`);
  });
}

const medians = times.map(median);
const floor = medians[0] ?? Number.NaN;
console.table(
  subjects.map((subject, i) => ({
    "": subject.name,
    "median ms": +(medians[i] ?? Number.NaN).toFixed(0),
    "/ node -e 0": +((medians[i] ?? Number.NaN) / floor).toFixed(2),
    "extra ms": +((medians[i] ?? Number.NaN) - floor).toFixed(0),
  })),
);
console.log(`bascule lint / node -e 0: ${((medians[1] ?? Number.NaN) / floor).toFixed(2)}x (target: at most 3x), median of ${rounds}`);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}
