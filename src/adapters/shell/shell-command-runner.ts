import { type ChildProcess, spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { StringDecoder } from "node:string_decoder";
import type { CommandRequest, CommandResult, CommandRunner } from "../../ports/command-runner.js";

export interface ShellCommandRunnerOptions {
  /** Time the process group gets between SIGTERM and SIGKILL after a timeout or abort. @default 2000 */
  readonly killGraceMs?: number;
  /** Bytes of interleaved stdout and stderr kept as `outputTail`. @default 65536 */
  readonly tailBytes?: number;
  /** The shell, found on the request's PATH unless it contains a slash. @default "bash" */
  readonly shell?: string;
  /**
   * How long to keep reading after the shell has exited while background children it left
   * behind still hold its output open; they are left running. @default 250
   */
  readonly drainMs?: number;
}

/** setTimeout fires at once for delays above this. */
const MAX_TIMER_MS = 2_147_483_647;
const GROUP_POLL_MS = 20;
/** SIGKILL is delivered asynchronously: how long to wait for the group to be gone before returning anyway. */
const KILL_SETTLE_MS = 1_000;

/**
 * Runs each command as `bash -c <command>` in its own process group, with exactly the
 * request's environment and stdin closed. A timeout or abort stops the whole group
 * (SIGTERM, then SIGKILL after the grace period), so a shell's children do not outlive it.
 */
export class ShellCommandRunner implements CommandRunner {
  readonly #options: Required<ShellCommandRunnerOptions>;

  constructor(options: ShellCommandRunnerOptions = {}) {
    this.#options = {
      killGraceMs: options.killGraceMs ?? 2000,
      tailBytes: options.tailBytes ?? 64 * 1024,
      shell: options.shell ?? "bash",
      drainMs: options.drainMs ?? 250,
    };
  }

  async run(request: CommandRequest): Promise<CommandResult> {
    const cwdProblem = await describeCwdProblem(request.cwd);
    if (cwdProblem !== undefined) return { kind: "failed-to-start", message: cwdProblem };
    if (request.signal?.aborted) return { kind: "killed", signal: "SIGTERM", outputTail: "", durationMs: 0 };
    return runInProcessGroup(request, this.#options);
  }
}

async function describeCwdProblem(cwd: string): Promise<string | undefined> {
  try {
    const info = await stat(cwd);
    return info.isDirectory() ? undefined : `working directory is not a directory: ${cwd}`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? `working directory does not exist: ${cwd}` : `working directory is not usable: ${cwd} (${code ?? String(error)})`;
  }
}

type Stop = { readonly kind: "timed-out" | "killed"; signal: NodeJS.Signals; killSent: boolean; killSentAt?: number };
type Exit = { readonly code: number | null; readonly signal: NodeJS.Signals | null };

function runInProcessGroup(request: CommandRequest, options: Required<ShellCommandRunnerOptions>): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    new ShellExecution(request, options, (outcome) => {
      if (outcome.kind === "error") reject(outcome.error);
      else resolve(outcome);
    }).start();
  });
}

/** One command from spawn to result; every event handler ends in `finishWhenDone`. */
class ShellExecution {
  readonly #startedAt = performance.now();
  readonly #tail: OutputTail;
  readonly #timers = new Set<NodeJS.Timeout>();
  #child: ChildProcess | undefined;
  #outputs: StreamReader[] = [];
  #started = false;
  #settled = false;
  #exit: Exit | undefined;
  #outputDone = false;
  #draining = false;
  #stop: Stop | undefined;
  #callbackError: unknown;

  constructor(
    private readonly request: CommandRequest,
    private readonly options: Required<ShellCommandRunnerOptions>,
    private readonly done: (outcome: CommandResult | { kind: "error"; error: unknown }) => void,
  ) {
    this.#tail = new OutputTail(options.tailBytes);
  }

  start(): void {
    const { request, options } = this;
    const child = spawn(options.shell, ["-c", request.command], {
      cwd: request.cwd,
      env: { ...request.env },
      detached: true,
      // A socket on stdin makes bash think sshd started it and read ~/.bashrc.
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.#child = child;
    const emit = (stream: "stdout" | "stderr", text: string): void => this.#emit(stream, text);
    this.#outputs = [readStream(child, "stdout", emit), readStream(child, "stderr", emit)];
    child.once("spawn", () => {
      this.#started = true;
      const timeoutMs = request.timeoutMs;
      if (timeoutMs !== undefined && Number.isFinite(timeoutMs)) this.#after(timeoutMs, () => this.#stopGroup("timed-out"));
      request.signal?.addEventListener("abort", this.#onAbort, { once: true });
    });
    child.once("error", (error: NodeJS.ErrnoException) => {
      if (this.#started) return;
      this.#settle({ kind: "failed-to-start", message: describeSpawnError(error, options.shell, request.env) });
    });
    child.once("exit", (code, signal) => {
      this.#exit = { code, signal };
      request.signal?.removeEventListener("abort", this.#onAbort);
      this.#drainIfDue();
      this.#finishWhenDone();
    });
    child.once("close", () => {
      this.#outputDone = true;
      this.#finishWhenDone();
    });
  }

  readonly #onAbort = (): void => this.#stopGroup("killed");

  get #groupId(): number {
    return this.#child?.pid ?? 0;
  }

  #after(ms: number, action: () => void): void {
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        action();
      },
      Math.min(Math.max(ms, 0), MAX_TIMER_MS),
    );
    this.#timers.add(timer);
  }

  #emit(stream: "stdout" | "stderr", text: string): void {
    if (text === "") return;
    this.#tail.append(text);
    if (this.request.onOutput === undefined || this.#callbackError !== undefined) return;
    try {
      this.request.onOutput(stream, text);
    } catch (error) {
      // A throwing callback is a bug in the caller: stop the command and hand the error back.
      this.#callbackError = error;
      this.#stopGroup("killed", "SIGKILL");
    }
  }

  #stopGroup(kind: Stop["kind"], signal: NodeJS.Signals = "SIGTERM"): void {
    if (this.#stop !== undefined || this.#exit !== undefined) return;
    const stop: Stop = { kind, signal, killSent: signal === "SIGKILL", ...(signal === "SIGKILL" ? { killSentAt: performance.now() } : {}) };
    this.#stop = stop;
    signalGroup(this.#groupId, signal);
    if (stop.killSent) return;
    this.#after(this.options.killGraceMs, () => {
      stop.signal = "SIGKILL";
      stop.killSent = true;
      stop.killSentAt = performance.now();
      signalGroup(this.#groupId, "SIGKILL");
      this.#drainIfDue();
      this.#finishWhenDone();
    });
  }

  /**
   * Once the shell has exited (and, after a stop, SIGKILL has gone out), output still held open
   * by a process outside our reach is read only a little longer, so it cannot hang the run.
   */
  #drainIfDue(): void {
    if (this.#draining || this.#exit === undefined) return;
    if (this.#stop !== undefined && !this.#stop.killSent) return;
    this.#draining = true;
    this.#after(this.options.drainMs, () => {
      for (const output of this.#outputs) output.abandon();
      this.#outputDone = true;
      this.#finishWhenDone();
    });
  }

  #finishWhenDone(): void {
    const exit = this.#exit;
    const stop = this.#stop;
    if (this.#settled || exit === undefined || !this.#outputDone) return;
    // After a timeout or abort, return only once the whole group is gone (or, after SIGKILL, a bounded while later).
    const killSettling = stop?.killSentAt !== undefined && performance.now() - stop.killSentAt < KILL_SETTLE_MS;
    if (stop !== undefined && (!stop.killSent || killSettling) && isGroupAlive(this.#groupId)) {
      this.#after(GROUP_POLL_MS, () => this.#finishWhenDone());
      return;
    }
    for (const output of this.#outputs) output.flush();
    if (this.#callbackError !== undefined) {
      this.#settle({ kind: "error", error: this.#callbackError });
      return;
    }
    const durationMs = performance.now() - this.#startedAt;
    const outputTail = this.#tail.text();
    if (stop?.kind === "timed-out") {
      this.#settle({ kind: "timed-out", timeoutMs: this.request.timeoutMs ?? 0, outputTail, durationMs });
    } else if (stop !== undefined || exit.signal !== null) {
      this.#settle({ kind: "killed", signal: exit.signal ?? stop?.signal ?? "SIGTERM", outputTail, durationMs });
    } else {
      this.#settle({ kind: "exited", exitCode: exit.code ?? 0, outputTail, durationMs });
    }
  }

  #settle(outcome: CommandResult | { kind: "error"; error: unknown }): void {
    if (this.#settled) return;
    this.#settled = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.request.signal?.removeEventListener("abort", this.#onAbort);
    this.done(outcome);
  }
}

interface StreamReader {
  /** Emits any bytes held back waiting for the rest of a character. */
  flush(): void;
  /** Stops reading a pipe that a leftover background process still holds. */
  abandon(): void;
}

function readStream(child: ChildProcess, name: "stdout" | "stderr", emit: (stream: "stdout" | "stderr", text: string) => void): StreamReader {
  const stream = child[name];
  // StringDecoder holds back a multi-byte character split across chunks until its last byte arrives.
  const decoder = new StringDecoder("utf8");
  let flushed = false;
  stream?.on("data", (chunk: Buffer) => emit(name, decoder.write(chunk)));
  const flush = (): void => {
    if (flushed) return;
    flushed = true;
    emit(name, decoder.end());
  };
  stream?.once("end", flush);
  return {
    flush,
    abandon: () => {
      flush();
      stream?.destroy();
    },
  };
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  if (pgid <= 0) return;
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group has already gone.
  }
}

function isGroupAlive(pgid: number): boolean {
  if (pgid <= 0) return false;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function describeSpawnError(error: NodeJS.ErrnoException, shell: string, env: Readonly<Record<string, string>>): string {
  if (error.code === "ENOENT") {
    const where = shell.includes("/") ? "" : ` on PATH=${env.PATH ?? "(unset: /usr/bin:/bin)"}`;
    return `could not start the shell: ${shell} not found${where}`;
  }
  if (error.code === "EACCES") return `could not start the shell: ${shell} is not executable`;
  return `could not start the shell ${shell}: ${error.message}`;
}

/** The last `limit` bytes of text, cut on a character boundary. */
class OutputTail {
  #text = "";
  #bytes = 0;

  constructor(private readonly limit: number) {}

  append(text: string): void {
    this.#text += text;
    this.#bytes += Buffer.byteLength(text, "utf8");
    // Trimming only at twice the limit keeps the cost per byte constant.
    if (this.#bytes > 2 * this.limit) this.#trim();
  }

  text(): string {
    if (this.#bytes > this.limit) this.#trim();
    return this.#text;
  }

  #trim(): void {
    const bytes = Buffer.from(this.#text, "utf8");
    let start = Math.max(0, bytes.length - this.limit);
    while (start < bytes.length && ((bytes[start] ?? 0) & 0xc0) === 0x80) start++;
    this.#text = bytes.subarray(start).toString("utf8");
    this.#bytes = bytes.length - start;
  }
}
