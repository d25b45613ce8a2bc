import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { MetricReading } from "../../ports/metric-provider.js";
import { describeMetricProviderContract } from "../../testing/metric-provider-contract.js";
import { ShellCommandRunner } from "../shell/shell-command-runner.js";
import { CommandMetricProvider } from "./command-metric-provider.js";

const dir = mkdtempSync(join(tmpdir(), "bascule-command-metric-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = Date.parse("2026-03-01T10:00:00Z");
const runner = new ShellCommandRunner({ killGraceMs: 500 });
const provider = new CommandMetricProvider({
  runner,
  cwd: dir,
  env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ERROR_RATE: "0.004" },
  now: () => at,
});

describeMetricProviderContract("CommandMetricProvider on bash", async () => {
  const command = (text: string) => ({ kind: "command", command: text }) as const;
  return {
    provider,
    valueOf: (value) => command(`echo ${value}`),
    empty: command("true"),
    notANumber: command("echo NaN"),
    refused: command("echo 'cannot reach the API' >&2; exit 2"),
    unreachable: { provider: new CommandMetricProvider({ runner, cwd: join(dir, "missing"), env: {} }), query: command("echo 1") },
    foreign: { kind: "prometheus", promql: "up" },
    stall: { abortable: true, start: async () => ({ provider, query: command("sleep 10; echo 1"), release: async () => undefined }) },
  };
});

function read(command: string): Promise<MetricReading> {
  return provider.read({ kind: "command", command }, { timeoutMs: 10_000 });
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

  it("reads a line that is not a plain number as nan", async () => {
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

  it("reads a working directory that is gone as an error saying so", async () => {
    const gone = new CommandMetricProvider({ runner, cwd: join(dir, "missing"), env: {} });
    expect(await gone.read({ kind: "command", command: "echo 1" }, { timeoutMs: 1_000 })).toEqual({
      kind: "error",
      message: `the metric command did not start: working directory does not exist: ${join(dir, "missing")}`,
    });
  });
});
