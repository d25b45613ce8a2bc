import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { constants, mkdtempSync, openSync, rmSync, stat, unlink, writeFileSync } from "node:fs";
import { Socket } from "node:net";
import { constants as osConstants, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { StringDecoder } from "node:string_decoder";
import type { CommandRequest, CommandResult, CommandRunner } from "../../ports/command-runner.js";

export interface ForkServerCommandRunnerOptions {
  /** Time the process group gets between SIGTERM and SIGKILL after a timeout or abort. @default 2000 */
  readonly killGraceMs?: number;
  /** Bytes of interleaved stdout and stderr kept as `outputTail`. @default 65536 */
  readonly tailBytes?: number;
  /** The shell each command runs in, found on the request's PATH unless it contains a slash. @default "bash" */
  readonly shell?: string;
  /** How long to keep reading after the shell has exited while leftover children hold its output. @default 250 */
  readonly drainMs?: number;
  /** The bash that runs the helper, found on this process's PATH. @default "bash" */
  readonly helperShell?: string;
}

export type CommandHelperErrorCode = "helper-died";

/** The helper process went away under a running command: broken infrastructure, not a command outcome. */
export class CommandHelperError extends Error {
  override readonly name = "CommandHelperError";
  constructor(
    readonly code: CommandHelperErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

const MAX_TIMER_MS = 2_147_483_647;
const GROUP_POLL_MS = 20;
const FIFO_BATCH = 32;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Names bash treats specially (read-only, dynamic, or steering command lookup); these go through `env -i`. */
const BASH_SPECIAL = new Set([
  "BASHOPTS", "SHELLOPTS", "BASHPID", "PPID", "UID", "EUID", "GROUPS", "RANDOM", "SRANDOM", "SECONDS", "LINENO",
  "EPOCHSECONDS", "EPOCHREALTIME", "FUNCNAME", "DIRSTACK", "HISTCMD", "PIPESTATUS", "EXECIGNORE", "POSIXLY_CORRECT", "_",
]);

/**
 * The helper: one bash, with job control on so each command gets its own process group. For each
 * request it forks a child that sources the request's script (redirections, cd, environment, then
 * `exec bash -c`), reports the pid, and waits; the CHLD trap's `jobs -l` line says whether the
 * command exited or was killed, which the bare status (143 for `exit 143` and SIGTERM) cannot.
 */
const HELPER_SCRIPT = [
  "set -m",
  "LC_ALL=C",
  "export -n PATH LC_ALL PWD OLDPWD SHLVL _",
  "d=$1",
  "exec 3>&1 1>/dev/null",
  "hash env 2>/dev/null; envx=${BASH_CMDS[env]-}",
  "trap 'jobs -l >&3' CHLD",
  "while :; do",
  "  IFS= read -r line; rc=$?",
  "  (( rc > 128 )) && continue",
  "  (( rc == 0 )) || exit 0",
  "  id=${line#? }",
  "  case $line in",
  "  R*)",
  '    . "$d/$id.req" &',
  "    p=$!",
  "    printf 'S %s %d\\n' \"$id\" \"$p\" >&3",
  '    while :; do wait -f "$p"; st=$?; kill -0 "$p" 2>/dev/null || break; done',
  "    printf 'X %s %d\\n' \"$id\" \"$st\" >&3 ;;",
  "  M*)",
  `    mkfifo -m 600 -- "$d/f$id".{0..${FIFO_BATCH - 1}}.{o,e} </dev/null`,
  "    printf 'M %s %d\\n' \"$id\" \"$?\" >&3 ;;",
  "  esac",
  "done",
].join("\n");

/**
 * Runs each command as `bash -c <command>` like `ShellCommandRunner`, but through one long-lived
 * bash helper started on first use, so this (large) process forks once per runner instead of once
 * per command. Commands run one at a time; concurrent calls queue. Output arrives through a fresh
 * pair of FIFOs per command. Linux only: it relies on a FIFO reader not seeing end-of-file before
 * its first writer opens.
 */
export class ForkServerCommandRunner implements CommandRunner {
  readonly #options: Required<ForkServerCommandRunnerOptions>;
  #queue: Promise<unknown> = Promise.resolve();
  #helper: Helper | undefined;

  constructor(options: ForkServerCommandRunnerOptions = {}) {
    this.#options = {
      killGraceMs: options.killGraceMs ?? 2000,
      tailBytes: options.tailBytes ?? 64 * 1024,
      shell: options.shell ?? "bash",
      drainMs: options.drainMs ?? 250,
      helperShell: options.helperShell ?? "bash",
    };
  }

  run(request: CommandRequest): Promise<CommandResult> {
    const turn = this.#queue.then(() => this.#runNow(request));
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  /** Stops the helper (killing a command still running) and removes its files; a later `run` starts a new one. */
  async close(): Promise<void> {
    const helper = this.#helper;
    this.#helper = undefined;
    await helper?.stop();
  }

  async #runNow(request: CommandRequest): Promise<CommandResult> {
    const cwd = resolve(request.cwd);
    const cwdProblem = await describeCwdProblem(cwd);
    if (cwdProblem !== undefined) return { kind: "failed-to-start", message: cwdProblem };
    if (request.signal?.aborted) return { kind: "killed", signal: "SIGTERM", outputTail: "", durationMs: 0 };
    const nul = Object.entries(request.env).find(([name, value]) => `${name}${value}`.includes("\0"));
    if (nul !== undefined) return { kind: "failed-to-start", message: `environment variable ${nul[0]} contains a NUL byte` };
    if (this.#helper === undefined || !this.#helper.alive) this.#helper = new Helper(this.#options.helperShell);
    const helper = this.#helper;
    const started = await helper.ready;
    if (started !== undefined) {
      this.#helper = undefined;
      return { kind: "failed-to-start", message: started };
    }
    const fifos = await helper.takeFifos();
    return new ForkedExecution({ ...request, cwd }, this.#options, helper, fifos).result;
  }
}

type HelperEvent =
  | { readonly kind: "started"; readonly pid: number }
  | { readonly kind: "failed"; readonly reason: string }
  | { readonly kind: "status"; readonly pid: number; readonly word: string }
  | { readonly kind: "ended"; readonly status: number }
  | { readonly kind: "died"; readonly message: string };

interface FifoPair {
  readonly stdout: string;
  readonly stderr: string;
}

/** Every helper still running, killed when this process exits so none is left behind. */
const liveHelpers = new Set<Helper>();
let exitHookInstalled = false;

/** The helper process, its directory of request scripts and FIFOs, and the line protocol with it. */
class Helper {
  readonly dir = mkdtempSync(join(tmpdir(), "bascule-fork-server-"));
  readonly ready: Promise<string | undefined>;
  alive = true;
  listener: ((event: HelperEvent) => void) | undefined;
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #fifos: FifoPair[] = [];
  readonly #batches = new Map<string, (status: number | undefined) => void>();
  readonly #exited: Promise<void>;
  #nextId = 0;
  #pending = "";
  #stderrTail = "";

  constructor(shell: string) {
    this.#child = spawn(shell, ["--noprofile", "--norc", "-c", HELPER_SCRIPT, "bascule-fork-server", this.dir], {
      cwd: "/",
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
      detached: true,
      stdio: ["pipe", "pipe", "pipe"],
    });
    liveHelpers.add(this);
    installExitHook();
    this.ready = new Promise((resolveReady) => {
      this.#child.once("spawn", () => resolveReady(undefined));
      this.#child.once("error", (error) => {
        this.#die(`the command helper failed: ${error.message}`);
        resolveReady(`could not start the command helper ${shell}: ${error.message}`);
      });
    });
    this.#exited = new Promise((resolveExit) => this.#child.once("close", () => resolveExit()));
    this.#child.once("exit", (code, signal) => this.#die(`the command helper exited (${signal ?? `code ${code}`}) ${this.#stderrTail}`.trim()));
    this.#child.stdin.on("error", () => undefined);
    this.#child.stdout.setEncoding("utf8").on("data", (text: string) => this.#readEvents(text));
    this.#child.stderr.setEncoding("utf8").on("data", (text: string) => {
      this.#stderrTail = (this.#stderrTail + text).slice(-2000);
    });
    this.setActive(false);
  }

  newId(): string {
    return String(this.#nextId++);
  }

  send(line: string): void {
    this.#child.stdin.write(`${line}\n`);
  }

  /** Keeps this process alive only while a command is running, as a spawned child would. */
  setActive(active: boolean): void {
    const { stdin, stdout, stderr } = this.#child;
    for (const handle of [this.#child, stdin as unknown as Socket, stdout as Socket, stderr as Socket]) {
      if (active) handle.ref();
      else handle.unref();
    }
  }

  async takeFifos(): Promise<FifoPair> {
    if (this.#fifos.length === 0) {
      const batch = this.newId();
      const status = await new Promise<number | undefined>((resolveBatch) => {
        this.#batches.set(batch, resolveBatch);
        this.setActive(true);
        this.send(`M ${batch}`);
      });
      this.setActive(false);
      if (status !== 0) throw new CommandHelperError("helper-died", `the command helper could not create FIFOs in ${this.dir}: ${this.#stderrTail}`);
      for (let i = 0; i < FIFO_BATCH; i++) {
        const base = join(this.dir, `f${batch}.${i}`);
        this.#fifos.push({ stdout: `${base}.o`, stderr: `${base}.e` });
      }
    }
    return this.#fifos.shift() as FifoPair;
  }

  async stop(): Promise<void> {
    // Referenced again, or this process could exit while waiting for the helper's end.
    this.setActive(true);
    if (this.alive) signalProcess(this.#child.pid, "SIGKILL");
    await this.#exited;
    this.#removeFiles();
  }

  stopNow(): void {
    signalProcess(this.#child.pid, "SIGKILL");
    this.#removeFiles();
  }

  #removeFiles(): void {
    liveHelpers.delete(this);
    rmSync(this.dir, { recursive: true, force: true });
  }

  #readEvents(text: string): void {
    const lines = (this.#pending + text).split("\n");
    this.#pending = lines.pop() ?? "";
    for (const line of lines) {
      const event = parseEvent(line);
      if (event?.kind === "batch") this.#batches.get(event.batch)?.(event.status);
      else if (event !== undefined) this.listener?.(event);
    }
  }

  #die(message: string): void {
    if (!this.alive) return;
    this.alive = false;
    for (const settle of this.#batches.values()) settle(undefined);
    this.listener?.({ kind: "died", message });
  }
}

function parseEvent(line: string): HelperEvent | { kind: "batch"; batch: string; status: number } | undefined {
  const [tag, id, value = ""] = line.split(" ");
  if (tag === "S") return { kind: "started", pid: Number(value) };
  if (tag === "F") return { kind: "failed", reason: value };
  if (tag === "X") return { kind: "ended", status: Number(value) };
  if (tag === "M" && id !== undefined) return { kind: "batch", batch: id, status: Number(value) };
  const job = /^\[\d+\][+-]?\s+(\d+)\s+(\S+)/.exec(line);
  if (job !== null) return { kind: "status", pid: Number(job[1]), word: job[2] ?? "" };
  return undefined;
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const helper of liveHelpers) helper.stopNow();
  });
}

/** The bash script the helper's child sources: output to the FIFOs, cd, environment, then exec. */
function writeRequestScript(helper: Helper, id: string, request: CommandRequest, shell: string, fifos: FifoPair): void {
  const fail = (reason: string): string => `{ printf 'F ${id} ${reason}\\n' >&3; exit 127; }`;
  const entries = Object.entries(request.env);
  const direct = entries.every(([name]) => IDENTIFIER.test(name) && !BASH_SPECIAL.has(name) && !name.startsWith("BASH_"));
  const lines = [
    `exec </dev/null >${quote(fifos.stdout)} 2>${quote(fifos.stderr)}`,
    `cd -P -- ${quote(request.cwd)} 2>/dev/null || ${fail("cwd")}`,
    `PATH=${quote(request.env.PATH ?? "/usr/bin:/bin")}`,
  ];
  // The lookup comes after the exports: assigning PATH empties bash's table of found commands.
  if (direct) for (const [name, value] of entries) lines.push(`export ${name}=${quote(value)}`);
  if (shell.includes("/")) {
    lines.push(`[[ -f ${quote(shell)} ]] || ${fail("not-found")}`, `[[ -x ${quote(shell)} ]] || ${fail("not-executable")}`);
  } else {
    lines.push(`hash ${quote(shell)} 2>/dev/null || ${fail("not-found")}`);
  }
  const shellPath = shell.includes("/") ? quote(shell) : `"\${BASH_CMDS[${quote(shell)}]}"`;
  if (direct) {
    lines.push("exec 3>&-", `exec -a ${quote(shell)} ${shellPath} -c ${quote(request.command)}`);
  } else {
    // Names bash cannot or will not export as given cost one extra exec, of env(1).
    const assignments = entries.map(([name, value]) => quote(`${name}=${value}`)).join(" ");
    // env(1) searches the same PATH again, so bash gets the same name as $0 as from a spawn.
    lines.push(`[[ -n $envx ]] || ${fail("no-env")}`, "exec 3>&-", `exec "$envx" -i ${assignments} ${quote(shell)} -c ${quote(request.command)}`);
  }
  writeFileSync(join(helper.dir, `${id}.req`), `${lines.join("\n")}\n`);
}

/** A bash ANSI-C quoted string: every byte bash could read as syntax or a control character escaped. */
function quote(text: string): string {
  const escaped = text.replace(/[\\'\x00-\x1f\x7f]/g, (char) => {
    if (char === "\\") return "\\\\";
    if (char === "'") return "\\'";
    return `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
  return `$'${escaped}'`;
}

function describeFailure(reason: string, request: CommandRequest, shell: string): string {
  if (reason === "not-found") {
    const where = shell.includes("/") ? "" : ` on PATH=${request.env.PATH ?? "(unset: /usr/bin:/bin)"}`;
    return `could not start the shell: ${shell} not found${where}`;
  }
  if (reason === "not-executable") return `could not start the shell: ${shell} is not executable`;
  if (reason === "cwd") return `working directory is not usable: ${request.cwd}`;
  return "could not start the shell: env(1) not found for a variable name bash cannot export";
}

function describeCwdProblem(cwd: string): Promise<string | undefined> {
  return new Promise((resolveProblem) => {
    stat(cwd, (error, info) => {
      if (error === null) {
        resolveProblem(info.isDirectory() ? undefined : `working directory is not a directory: ${cwd}`);
      } else {
        resolveProblem(
          error.code === "ENOENT"
            ? `working directory does not exist: ${cwd}`
            : `working directory is not usable: ${cwd} (${error.code ?? String(error)})`,
        );
      }
    });
  });
}

type Stop = { readonly kind: "timed-out" | "killed"; signal: NodeJS.Signals; killSent: boolean };
type Outcome = CommandResult | { readonly kind: "error"; readonly error: unknown };

/** One command through the helper, from request to result; every event ends in `#finishWhenDone`. */
class ForkedExecution {
  readonly result: Promise<CommandResult>;
  readonly #startedAt = performance.now();
  readonly #tail: OutputTail;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #id: string;
  readonly #outputs: FifoReader[];
  #done!: (outcome: Outcome) => void;
  #pid = 0;
  #lastWord: string | undefined;
  #failure: string | undefined;
  #status: number | undefined;
  #outputDone = false;
  #draining = false;
  #settled = false;
  #stop: Stop | undefined;
  #callbackError: unknown;

  constructor(
    private readonly request: CommandRequest,
    private readonly options: Required<ForkServerCommandRunnerOptions>,
    private readonly helper: Helper,
    private readonly fifos: FifoPair,
  ) {
    this.#tail = new OutputTail(options.tailBytes);
    this.#id = helper.newId();
    this.result = new Promise((resolveResult, reject) => {
      this.#done = (outcome) => (outcome.kind === "error" ? reject(outcome.error) : resolveResult(outcome));
    });
    const emit = (stream: "stdout" | "stderr", text: string): void => this.#emit(stream, text);
    const onClosed = (): void => {
      this.#outputDone = this.#outputs.every((output) => output.closed);
      this.#finishWhenDone();
    };
    // Opened before the helper's child opens them for writing, so its open does not block.
    this.#outputs = [openFifo(fifos.stdout, "stdout", emit, onClosed), openFifo(fifos.stderr, "stderr", emit, onClosed)];
    writeRequestScript(helper, this.#id, request, options.shell, fifos);
    helper.listener = (event) => this.#onEvent(event);
    helper.setActive(true);
    helper.send(`R ${this.#id}`);
    const timeoutMs = request.timeoutMs;
    if (timeoutMs !== undefined && Number.isFinite(timeoutMs)) this.#after(timeoutMs, () => this.#stopGroup("timed-out"));
    request.signal?.addEventListener("abort", this.#onAbort, { once: true });
  }

  readonly #onAbort = (): void => this.#stopGroup("killed");

  #onEvent(event: HelperEvent): void {
    if (event.kind === "started") {
      this.#pid = event.pid;
      // A stop asked for before the pid was known goes out now.
      if (this.#stop !== undefined) signalGroup(this.#pid, this.#stop.signal);
    } else if (event.kind === "failed") {
      this.#failure = event.reason;
    } else if (event.kind === "status" && event.pid === this.#pid) {
      this.#lastWord = event.word;
    } else if (event.kind === "ended") {
      this.#status = event.status;
      this.request.signal?.removeEventListener("abort", this.#onAbort);
      this.#drainIfDue();
      this.#finishWhenDone();
    } else if (event.kind === "died") {
      // The command's fate is unknowable without the helper: stop it rather than leave it running.
      signalGroup(this.#pid, "SIGKILL");
      for (const output of this.#outputs) output.abandon();
      this.#settle({ kind: "error", error: new CommandHelperError("helper-died", event.message) });
    }
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
      this.#callbackError = error;
      this.#stopGroup("killed", "SIGKILL");
    }
  }

  #stopGroup(kind: Stop["kind"], signal: NodeJS.Signals = "SIGTERM"): void {
    if (this.#stop !== undefined || this.#status !== undefined) return;
    const stop: Stop = { kind, signal, killSent: signal === "SIGKILL" };
    this.#stop = stop;
    signalGroup(this.#pid, signal);
    if (stop.killSent) return;
    this.#after(this.options.killGraceMs, () => {
      stop.signal = "SIGKILL";
      stop.killSent = true;
      signalGroup(this.#pid, "SIGKILL");
      this.#drainIfDue();
      this.#finishWhenDone();
    });
  }

  #drainIfDue(): void {
    if (this.#draining || this.#status === undefined) return;
    if (this.#stop !== undefined && !this.#stop.killSent) return;
    this.#draining = true;
    this.#after(this.options.drainMs, () => {
      for (const output of this.#outputs) output.abandon();
      this.#outputDone = true;
      this.#finishWhenDone();
    });
  }

  #finishWhenDone(): void {
    const status = this.#status;
    const stop = this.#stop;
    if (this.#settled || status === undefined || !this.#outputDone) return;
    if (stop !== undefined && !stop.killSent && isGroupAlive(this.#pid)) {
      this.#after(GROUP_POLL_MS, () => this.#finishWhenDone());
      return;
    }
    for (const output of this.#outputs) output.flush();
    if (this.#callbackError !== undefined) return this.#settle({ kind: "error", error: this.#callbackError });
    if (this.#failure !== undefined) {
      return this.#settle({ kind: "failed-to-start", message: describeFailure(this.#failure, this.request, this.options.shell) });
    }
    const durationMs = performance.now() - this.#startedAt;
    const outputTail = this.#tail.text();
    const word = this.#lastWord;
    const signaled = word === undefined ? status > 128 : word !== "Done" && word !== "Exit";
    const signal = signaled ? signalName(status - 128) : undefined;
    if (stop?.kind === "timed-out") {
      this.#settle({ kind: "timed-out", timeoutMs: this.request.timeoutMs ?? 0, outputTail, durationMs });
    } else if (stop !== undefined || signal !== undefined) {
      this.#settle({ kind: "killed", signal: signal ?? stop?.signal ?? "SIGTERM", outputTail, durationMs });
    } else {
      this.#settle({ kind: "exited", exitCode: status, outputTail, durationMs });
    }
  }

  #settle(outcome: Outcome): void {
    if (this.#settled) return;
    this.#settled = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.request.signal?.removeEventListener("abort", this.#onAbort);
    this.helper.listener = undefined;
    this.helper.setActive(false);
    for (const path of [this.fifos.stdout, this.fifos.stderr, join(this.helper.dir, `${this.#id}.req`)]) unlink(path, () => undefined);
    this.#done(outcome);
  }
}

interface FifoReader {
  readonly closed: boolean;
  flush(): void;
  abandon(): void;
}

function openFifo(
  path: string,
  name: "stdout" | "stderr",
  emit: (stream: "stdout" | "stderr", text: string) => void,
  onClosed: () => void,
): FifoReader {
  const socket = new Socket({ fd: openSync(path, constants.O_RDONLY | constants.O_NONBLOCK), readable: true, writable: false });
  const decoder = new StringDecoder("utf8");
  let flushed = false;
  const reader = {
    closed: false,
    flush: (): void => {
      if (flushed) return;
      flushed = true;
      emit(name, decoder.end());
    },
    abandon: (): void => {
      reader.flush();
      socket.destroy();
    },
  };
  socket.on("data", (chunk: Buffer) => emit(name, decoder.write(chunk)));
  socket.on("error", () => undefined);
  socket.once("end", reader.flush);
  socket.once("close", () => {
    reader.closed = true;
    onClosed();
  });
  return reader;
}

const signalNames = new Map<number, string>(Object.entries(osConstants.signals).map(([name, number]) => [number, name]));

function signalName(number: number): string {
  return signalNames.get(number) ?? `SIG${number}`;
}

function signalProcess(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined || pid === 0) return;
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  signalProcess(pgid > 0 ? -pgid : undefined, signal);
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

/** The last `limit` bytes of text, cut on a character boundary. */
class OutputTail {
  #text = "";
  #bytes = 0;

  constructor(private readonly limit: number) {}

  append(text: string): void {
    this.#text += text;
    this.#bytes += Buffer.byteLength(text, "utf8");
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
