import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { MetricReading } from "../../ports/metric-provider.js";
import { ShellCommandRunner } from "../shell/shell-command-runner.js";
import { CommandMetricProvider } from "./command-metric-provider.js";

const dir = mkdtempSync(join(tmpdir(), "bascule-command-metric-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = Date.parse("2026-03-01T10:00:00Z");
const provider = new CommandMetricProvider({
  runner: new ShellCommandRunner({ killGraceMs: 500 }),
  cwd: dir,
  env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ERROR_RATE: "0.004" },
  now: () => at,
});

function read(command: string, timeoutMs = 10_000, signal?: AbortSignal): Promise<MetricReading> {
  return provider.read({ kind: "command", command }, { timeoutMs, ...(signal === undefined ? {} : { signal }) });
}

describe("CommandMetricProvider", () => {
  it("reads the last non-empty line of stdout as the number, stamped with the time read", async () => {
    expect(await read("echo 0.004")).toEqual({ kind: "value", value: 0.004, at: "2026-03-01T10:00:00.000Z" });
    expect(await read("echo 'querying the API...'; echo 42; echo; echo '   '")).toMatchObject({ kind: "value", value: 42 });
    expect(await read("printf -- '-1.5e-3'")).toMatchObject({ kind: "value", value: -0.0015 });
  });

  it("runs in the plan's folder with the given environment", async () => {
    writeFileSync(join(dir, "error-rate.sh"), 'echo "$ERROR_RATE"\n');
    expect(await read("bash ./error-rate.sh")).toMatchObject({ kind: "value", value: 0.004 });
  });

  it("ignores stderr, even when it ends with a number", async () => {
    expect(await read("echo 7; echo 99 >&2")).toMatchObject({ kind: "value", value: 7 });
    expect(await read("echo 99 >&2")).toEqual({ kind: "empty" });
  });

  it("reads no output as empty, and a line that is not a plain number as nan", async () => {
    expect(await read("true")).toEqual({ kind: "empty" });
    expect(await read("echo NaN")).toEqual({ kind: "nan", raw: "NaN" });
    expect(await read("echo +Inf")).toEqual({ kind: "nan", raw: "+Inf" });
    expect(await read("echo '0.4%'")).toEqual({ kind: "nan", raw: "0.4%" });
    expect(await read("echo 'error rate: 0.4'")).toEqual({ kind: "nan", raw: "error rate: 0.4" });
  });

  it("reads a non-zero exit as an error with the last line of output", async () => {
    expect(await read("echo 0.1; echo 'cannot reach the API' >&2; exit 2")).toEqual({
      kind: "error",
      message: "the metric command exited with code 2: cannot reach the API",
    });
    expect(await read("no-such-command-xyz")).toMatchObject({ kind: "error", message: expect.stringContaining("exited with code 127") });
  });

  it("reads a command that runs too long as a timeout", async () => {
    expect(await read("sleep 5; echo 1", 200)).toEqual({ kind: "timeout", timeoutMs: 200 });
  });

  it("reads a cancelled command as an error saying so", async () => {
    const controller = new AbortController();
    const reading = read("sleep 5; echo 1", 10_000, controller.signal);
    setTimeout(() => controller.abort(), 100);
    expect(await reading).toEqual({ kind: "error", message: "the metric command was cancelled" });
  });

  it("reads a working directory that is gone as an error", async () => {
    const gone = new CommandMetricProvider({ runner: new ShellCommandRunner(), cwd: join(dir, "missing"), env: {} });
    expect(await gone.read({ kind: "command", command: "echo 1" }, { timeoutMs: 1_000 })).toEqual({
      kind: "error",
      message: `the metric command did not start: working directory does not exist: ${join(dir, "missing")}`,
    });
  });

  it("refuses a query of another kind", async () => {
    expect(await provider.read({ kind: "prometheus", promql: "up" }, { timeoutMs: 1_000 })).toEqual({
      kind: "error",
      message: "the command provider cannot read a prometheus query",
    });
  });
});
