import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { sourcesOf } from "../testing/source-files.js";

const cli = new URL(".", import.meta.url).pathname;

// ARCHITECTURE: the CLI is one thin client of the run service. It never picks an adapter or
// drives the engine itself, so the MCP server and the dashboard can offer exactly what it does.
describe("the CLI front end", () => {
  const files = sourcesOf(cli);

  it.each(files.map((f) => [relative(cli, f), f]))("%s reaches the adapters and the engine only through src/app", (_name, file) => {
    const text = readFileSync(file, "utf8");
    const imports = [...text.matchAll(/^(?:import|export)[^"';]*?from\s*["']([^"']+)["']/gm)].map((m) => m[1] ?? "");
    expect(imports.filter((i) => /(^|\/)(adapters|engine)\//.test(i))).toEqual([]);
  });

  it.each(files.map((f) => [relative(cli, f), f]))("%s builds no journal event and reads no process id", (_name, file) => {
    const text = readFileSync(file, "utf8");
    expect(text).not.toMatch(/kind:\s*"[a-z_]+\.(recorded|resolved|started|overridden|finished)"/);
    expect(text).not.toMatch(/process\.ppid/);
  });
});
