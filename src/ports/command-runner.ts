export interface CommandRequest {
  /** Run with `bash -c`, in its own process group. */
  readonly command: string;
  readonly cwd: string;
  /** The whole environment of the command (the runner adds nothing). */
  readonly env: Readonly<Record<string, string>>;
  /** The process group is killed after this long. */
  readonly timeoutMs?: number;
  /** Called with output as it arrives, for live progress and the step's log. */
  readonly onOutput?: (stream: "stdout" | "stderr", text: string) => void;
  readonly signal?: AbortSignal;
}

export type CommandResult =
  | { readonly kind: "exited"; readonly exitCode: number; readonly outputTail: string; readonly durationMs: number }
  | { readonly kind: "timed-out"; readonly timeoutMs: number; readonly outputTail: string; readonly durationMs: number }
  | { readonly kind: "killed"; readonly signal: string; readonly outputTail: string; readonly durationMs: number }
  | { readonly kind: "failed-to-start"; readonly message: string };

/** Runs one shell command to its end and says how it ended; never throws for a failing command. */
export interface CommandRunner {
  run(request: CommandRequest): Promise<CommandResult>;
}

/** True when a command ran and exited 0. */
export function isSuccess(result: CommandResult): boolean {
  return result.kind === "exited" && result.exitCode === 0;
}
