import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { quoteShellArgument, quoteShellCommand } from "./quote-shell-argument.js";

describe("quoteShellArgument", () => {
  it.each([
    ["GATE-1", "GATE-1"],
    ["migrations/plan.yaml", "migrations/plan.yaml"],
    ["user@host:5432,a=b+c%d", "user@host:5432,a=b+c%d"],
    ["DBA Lead", "'DBA Lead'"],
    ["G-$(touch pwned)", "'G-$(touch pwned)'"],
    ["it's", "'it'\\''s'"],
    ["", "''"],
  ])("%j reads as %s", (text, quoted) => {
    expect(quoteShellArgument(text)).toBe(quoted);
  });

  // Whatever the text holds, bash hands the program exactly that text back, and runs nothing.
  it("round-trips through bash, running nothing inside", () => {
    const texts = ["G-$(touch pwned)-'x'", 'S-"y"`id`', "Owner's Lead!", "a\nb\tc", "*", "~root", "${HOME}", "-n", "#not a comment", "a\\b", "é ünïcode"];
    const script = `printf '%s\\0' ${quoteShellCommand(texts)}`;
    const result = spawnSync("bash", ["-c", script], { encoding: "utf8", cwd: "/" });
    expect(result.status).toBe(0);
    expect(result.stdout.split("\0").slice(0, -1)).toEqual(texts);
  });
});
