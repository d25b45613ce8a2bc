import type { CommandRunner } from "../../ports/command-runner.js";
import type { MetricProvider, MetricQuery, MetricReadOptions, MetricReading } from "../../ports/metric-provider.js";

export interface CommandMetricProviderOptions {
  readonly runner: CommandRunner;
  /** Where commands run: the plan's folder. */
  readonly cwd: string;
  /** The whole environment of each command, as for a step's commands. */
  readonly env: Readonly<Record<string, string>>;
  /** The time a value is stamped with. @default Date.now */
  readonly now?: () => number;
}

/** stdout kept per reading: a metric command prints a number, not a report. */
const STDOUT_LIMIT = 64 * 1024;
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * Reads `command:` metrics: runs the command and takes the last non-empty line of its stdout
 * as the number, so a command may log before it prints. Exit 0 with no output is `empty`; a
 * line that is not a plain number (`NaN`, `0.4%`, `n/a`) is `nan`; any other exit is an error.
 */
export class CommandMetricProvider implements MetricProvider {
  readonly #options: CommandMetricProviderOptions;

  constructor(options: CommandMetricProviderOptions) {
    this.#options = options;
  }

  async read(query: MetricQuery, options: MetricReadOptions): Promise<MetricReading> {
    if (query.kind !== "command") return { kind: "error", message: `the command provider cannot read a ${query.kind} query` };
    let stdout = "";
    const result = await this.#options.runner.run({
      command: query.command,
      cwd: this.#options.cwd,
      env: this.#options.env,
      timeoutMs: options.timeoutMs,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      onOutput: (stream, text) => {
        if (stream === "stdout") stdout = (stdout + text).slice(-STDOUT_LIMIT);
      },
    });
    switch (result.kind) {
      case "failed-to-start":
        return { kind: "error", message: `the metric command did not start: ${result.message}` };
      case "timed-out":
        return { kind: "timeout", timeoutMs: options.timeoutMs };
      case "killed":
        return { kind: "error", message: options.signal?.aborted ? "the metric command was cancelled" : `the metric command was killed by ${result.signal}` };
      case "exited":
        if (result.exitCode !== 0) return { kind: "error", message: `the metric command exited with code ${result.exitCode}${describeTail(result.outputTail)}` };
        return readNumber(stdout, this.#options.now ?? Date.now);
    }
  }
}

function readNumber(stdout: string, now: () => number): MetricReading {
  const line = stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .pop();
  if (line === undefined) return { kind: "empty" };
  const value = NUMBER.test(line) ? Number(line) : Number.NaN;
  if (!Number.isFinite(value)) return { kind: "nan", raw: line };
  return { kind: "value", value, at: new Date(now()).toISOString() };
}

function describeTail(tail: string): string {
  const last = tail
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .pop();
  return last === undefined ? "" : `: ${last.slice(0, 300)}`;
}
