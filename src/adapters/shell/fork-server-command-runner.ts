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
    for (const handle of [this.#child, this.#child.stdin, this.#child.stdout, this.#child.stderr]) {
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
  if (shell.includes("/")) {
    lines.push(`[[ -f ${quote(shell)} ]] || ${fail("not-found")}`, `[[ -x ${quote(shell)} ]] || ${fail("not-executable")}`);
  } else {
    lines.push(`hash ${quote(shell)} 2>/dev/null || ${fail("not-found")}`);
  }
  const shellPath = shell.includes("/") ? quote(shell) : `"\${BASH_CMDS[${quote(shell)}]}"`;
  if (direct) {
    for (const [name, value] of entries) lines.push(`export ${name}=${quote(value)}`);
    lines.push("exec 3>&-", `exec -a ${quote(shell)} ${shellPath} -c ${quote(request.command)}`);
  } else {
    // Names bash cannot or will not export as given cost one extra exec, of env(1).
    const assignments = entries.map(([name, value]) => quote(`${name}=${value}`)).join(" ");
    lines.push(`[[ -n $envx ]] || ${fail("no-env")}`, "exec 3>&-", `exec "$envx" -i ${assignments} ${shellPath} -c ${quote(request.command)}`);
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
