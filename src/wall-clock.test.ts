import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { sourcesOf } from "./testing/source-files.js";

const src = new URL(".", import.meta.url).pathname;
// Adapters are where the real clock lives; testing holds the fakes and harnesses that stand in for it.
const clockOwners = ["adapters", "testing"];

/** `file:line  text` for each line that reads the wall or monotonic clock itself, or hands its reader on (`now = Date.now`). */
function findClockReads(file: string, text: string): string[] {
  const reads = /\bDate\.now\b|\bnew Date\(\s*\)|\bperformance\.now\b|\bprocess\.hrtime\b/;
  return text.split("\n").flatMap((line, i) => (reads.test(line) ? [`${file}:${i + 1}  ${line.trim()}`] : []));
}

// Time is read only through the Clock port, so a fake or scaled clock sees every reading.
describe("time outside the adapters", () => {
  it("is read only through the Clock port", () => {
    const files = sourcesOf(src, (folder) => clockOwners.includes(relative(src, folder)));
    expect(files.length).toBeGreaterThan(100);
    const reads = files.flatMap((file) => findClockReads(relative(src, file), readFileSync(file, "utf8")));
    expect(reads).toEqual([]);
  });

  it("names each kind of clock read by file and line", () => {
    const text = [
      "const a = Date.now();",
      "const b = new Date();",
      "const c = new Date(ms);",
      "const d = performance.now();",
      "const e = process.hrtime.bigint();",
      "const f = options.now ?? Date.now;",
      "clock.now();",
    ].join("\n");
    expect(findClockReads("app/x.ts", text)).toEqual([
      "app/x.ts:1  const a = Date.now();",
      "app/x.ts:2  const b = new Date();",
      "app/x.ts:4  const d = performance.now();",
      "app/x.ts:5  const e = process.hrtime.bigint();",
      "app/x.ts:6  const f = options.now ?? Date.now;",
    ]);
  });
});
