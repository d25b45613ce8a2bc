import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { sourcesOf } from "./testing/source-files.js";

const src = new URL(".", import.meta.url).pathname;
const pureFolders = ["plan", "lint", "planner", "engine"];

// ARCHITECTURE rule 1: the core is pure. It reads no clock, environment or file, and reaches
// the world only through the ports' types.
describe("the pure core", () => {
  const files = pureFolders.flatMap((folder) => sourcesOf(join(src, folder)));

  it.each(files.map((f) => [relative(src, f), f]))("%s imports no IO, adapter or front end", (_name, file) => {
    const text = readFileSync(file, "utf8");
    const imports = [...text.matchAll(/^import[^"']*["']([^"']+)["']/gm)].map((m) => m[1] ?? "");
    expect(imports.filter((i) => i.startsWith("node:") || /\/(adapters|app|cli|testing)\//.test(i))).toEqual([]);
    expect(text).not.toMatch(/\bprocess\.(env|cwd|argv|hrtime)|\bDate\.now\(\)|new Date\(\)/);
  });
});
