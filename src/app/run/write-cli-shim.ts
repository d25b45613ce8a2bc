import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { quoteShellCommand } from "../quote-shell-argument.js";

/**
 * Writes `<dir>/bascule`, a shell script that execs `command`, and returns `dir` for the front of
 * a command's PATH. Rewritten only when it changed, so concurrent runs never see it half-written.
 */
export function writeCliShim(dir: string, command: readonly string[]): string {
  const file = join(dir, "bascule");
  const text = `#!/bin/sh\n# Written by bascule run: steps' "bascule ..." commands reach the CLI that runs them.\nexec ${quoteShellCommand(command)} "$@"\n`;
  let current: string | undefined;
  try {
    current = readFileSync(file, "utf8");
  } catch {
    current = undefined;
  }
  if (current !== text) {
    mkdirSync(dir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, text, { mode: 0o755 });
    chmodSync(temporary, 0o755);
    // rename is atomic: a step starting now sees the old shim or the new one, never a torn one.
    renameSync(temporary, file);
  }
  return dir;
}
