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
  `    mkfifo -m 600 -- "$d/f$id".{0..${FIFO_BATCH - 1}}.{o,e} </dev/null 2>&3`,
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
