import { mkdtempSync, openSync, closeSync, ftruncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCliCaptured } from "../testing/run-cli-captured.js";
import { readPlanFile } from "./read-plan-file.js";

const dir = mkdtempSync(join(tmpdir(), "bascule-bad-input-"));
function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function aliasBomb(): string {
  const lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i <= 9; i++)
    lines.push(
      `lol${i}: &lol${i} [${Array(10)
        .fill(`*lol${i - 1}`)
        .join(", ")}]`,
    );
  return `${lines.join("\n")}\n`;
}

const bigFile = (() => {
  // A sparse 50 MiB file: the size check must refuse it without reading it.
  const path = join(dir, "huge.yaml");
  const fd = openSync(path, "w");
  ftruncateSync(fd, 50 * 1024 * 1024);
  closeSync(fd);
  return path;
})();

const cases: Array<[string, string, string]> = [
  ["an empty file", file("empty.yaml", ""), "file is empty"],
  ["a list at the root", file("list.yaml", "- phase_id: P1\n- phase_id: P2\n"), "the plan must be a mapping of sections at the root, found a list"],
  ["a binary file", file("binary.yaml", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), "file is binary"],
  ["a 50 MB file", bigFile, "file is 50.0 MiB; plans larger than 16.0 MiB are refused"],
  ["deeply nested YAML", file("deep.yaml", `a: ${"[".repeat(200_000)}${"]".repeat(200_000)}\n`), "nesting is too deep"],
  ["a billion-laughs alias bomb", file("bomb.yaml", aliasBomb()), "refusing a possible alias bomb"],
  ["a YAML syntax error", file("syntax.yaml", 'metadata:\n  version: "1.0\n'), "YAML syntax error"],
  ["a folder", dir, "is a folder"],
  ["a missing file", join(dir, "nope.yaml"), "no such file"],
];

describe("unreadable plans", () => {
  it.each(cases)("%s gets one clear line and exit 2", async (_name, path, message) => {
    const { exitCode, stdout, stderr } = await runCliCaptured(["lint", path]);
    expect(exitCode).toBe(2);
    expect(stderr).toBe("");
    const [first] = stdout.split("\n");
    expect(first).toMatch(new RegExp(`^${escapeRegExp(path)}:\\d+:\\d+ error .*${escapeRegExp(message)}`));
    expect(stdout).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // no stack trace
  });

  it("reports where a syntax error is", () => {
    const result = readPlanFile(file("where.yaml", "metadata:\n  name: [unclosed\nother: 1\n"));
    expect(result).toMatchObject({ kind: "unreadable-plan", problem: { code: "yaml-syntax", line: 3 } });
  });

  it("reads a plan and keeps its text for code frames", () => {
    const result = readPlanFile(file("ok.yaml", "metadata:\n  version: '1.0.0'\n"));
    expect(result).toMatchObject({ kind: "plan-file", document: { text: "metadata:\n  version: '1.0.0'\n" } });
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
