import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CommandRequest, CommandResult, CommandRunner } from "../ports/command-runner.js";

/** The options a contract test needs to vary; every runner under test accepts them. */
export interface CommandRunnerContractOptions {
  readonly killGraceMs?: number;
  readonly tailBytes?: number;
}

/** A runner under test; `close` is called after the suite when it has one. */
export type CommandRunnerUnderTest = CommandRunner & { close?(): Promise<void> };

/** A zombie waiting for a parent to reap it is dead too; PID 1 here does not always reap. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
  } catch {
    return true;
  }
}

/**
 * The behaviour every `CommandRunner` adapter must have, on real processes. Call it from the
 * adapter's test file; `create` builds a runner with the given options.
 */
export function describeCommandRunnerContract(name: string, create: (options: CommandRunnerContractOptions) => CommandRunnerUnderTest): void {
  describe(`${name} (command runner contract)`, () => {
    const dir = mkdtempSync(join(tmpdir(), "bascule-runner-"));
    const baseEnv = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
    const created: CommandRunnerUnderTest[] = [];
    const track = (options: CommandRunnerContractOptions): CommandRunnerUnderTest => {
      const runner = create(options);
      created.push(runner);
      return runner;
    };
    const runner = track({ killGraceMs: 1000 });

    function run(command: string, extra: Partial<CommandRequest> = {}): Promise<CommandResult> {
      return runner.run({ command, cwd: dir, env: baseEnv, ...extra });
    }

    const pidsToClean: number[] = [];
    afterAll(async () => {
      for (const pid of pidsToClean) if (isAlive(pid)) process.kill(pid, "SIGKILL");
      for (const each of created) await each.close?.();
    });

    function readPids(file: string): number[] {
      const pids = readFileSync(file, "utf8").trim().split(/\s+/).map(Number);
      pidsToClean.push(...pids);
      return pids;
    }

    it("reports the exit code of a command that ran", async () => {
      expect(await run("exit 0")).toMatchObject({ kind: "exited", exitCode: 0 });
      expect(await run("exit 3")).toMatchObject({ kind: "exited", exitCode: 3 });
      expect(await run("false")).toMatchObject({ kind: "exited", exitCode: 1 });
    });

    it("runs the command with bash", async () => {
      expect(await run('[[ -n "$BASH_VERSION" ]] && echo bash')).toMatchObject({ outputTail: "bash\n" });
    });

    it("passes exactly the request's environment and nothing from the engine's", async () => {
      process.env.BASCULE_LEAK_TEST = "leaked";
      try {
        const result = await run('echo "run=$BASCULE_RUN_ID leak=[$BASCULE_LEAK_TEST] home=[$HOME]"', {
          env: { ...baseEnv, BASCULE_RUN_ID: "run-42" },
        });
        expect(result).toMatchObject({ kind: "exited", exitCode: 0, outputTail: "run=run-42 leak=[] home=[]\n" });
      } finally {
        delete process.env.BASCULE_LEAK_TEST;
      }
    });

    it("runs in the request's working directory", async () => {
      writeFileSync(join(dir, "marker.txt"), "here\n");
      expect(await run("pwd && cat marker.txt")).toMatchObject({ outputTail: `${dir}\nhere\n` });
    });

    it("does not give the command a stdin to read", async () => {
      expect(await run("cat; echo done")).toMatchObject({ kind: "exited", exitCode: 0, outputTail: "done\n" });
    });

    it("interleaves stdout and stderr in the order they were written", async () => {
      const chunks: string[] = [];
      const result = await run("echo one; sleep 0.1; echo two >&2; sleep 0.1; echo three", {
        onOutput: (stream, text) => chunks.push(`${stream}:${text}`),
      });
      expect(result).toMatchObject({ outputTail: "one\ntwo\nthree\n" });
      expect(chunks).toEqual(["stdout:one\n", "stderr:two\n", "stdout:three\n"]);
    });

    it("keeps only the last 64 KiB of output, ending with the last line", async () => {
      let streamed = 0;
      const result = await run("x=$(printf '%090d' 0 | tr 0 x); for i in $(seq 1 2100); do printf -v n %05d $i; echo \"line $n $x\"; done", {
        onOutput: (_stream, text) => {
          streamed += text.length;
        },
      });
      expect(streamed).toBeGreaterThan(200 * 1024);
      if (result.kind !== "exited") throw new Error(`unexpected ${result.kind}`);
      expect(Buffer.byteLength(result.outputTail)).toBe(64 * 1024);
      expect(result.outputTail.endsWith(`line 02100 ${"x".repeat(90)}\n`)).toBe(true);
    });

    it("never splits a multi-byte character, in chunks or at the start of the tail", async () => {
      const chunks: string[] = [];
      const tiny = track({ tailBytes: 4 });
      const result = await tiny.run({
        command: "printf 'a\\xe2\\x82'; sleep 0.2; printf '\\xac\\xe2\\x82\\xac'",
        cwd: dir,
        env: baseEnv,
        onOutput: (_stream, text) => chunks.push(text),
      });
      expect(chunks.join("")).toBe("a€€");
      expect(chunks.some((chunk) => chunk.includes("\uFFFD"))).toBe(false);
      expect(result).toMatchObject({ kind: "exited", outputTail: "€" });
    });

    it("streams output while the command is still running", async () => {
      // The command only goes on once the test has seen its first line, so a runner that
      // delivered output only at the end would make it time out.
      const go = join(dir, "go");
      const events: string[] = [];
      const result = await run(`echo first; while [ ! -e ${go} ]; do sleep 0.02; done; echo second`, {
        timeoutMs: 10_000,
        onOutput: (_stream, text) => {
          events.push(text.trim());
          if (text.includes("first")) writeFileSync(go, "");
        },
      });
      events.push(result.kind);
      expect(events).toEqual(["first", "second", "exited"]);
    });

    it("on timeout stops the whole process group, background children included", async () => {
      const pidFile = join(dir, "timeout-pids");
      const result = await run(`sleep 30 & echo $! > ${pidFile}; sleep 30 & echo $! >> ${pidFile}; echo $$ >> ${pidFile}; wait`, {
        timeoutMs: 300,
      });
      expect(result).toMatchObject({ kind: "timed-out", timeoutMs: 300 });
      const pids = readPids(pidFile);
      expect(pids).toHaveLength(3);
      for (const pid of pids) expect(isAlive(pid)).toBe(false);
    });

    it("sends SIGKILL after the grace period to children that ignore SIGTERM", async () => {
      const pidFile = join(dir, "stubborn-pids");
      const quick = track({ killGraceMs: 200 });
      const controller = new AbortController();
      const result = await quick.run({
        command: `bash -c 'trap "" TERM; echo $$ > ${pidFile}; echo ready; while :; do sleep 0.05; done' & wait`,
        cwd: dir,
        env: baseEnv,
        signal: controller.signal,
        onOutput: () => controller.abort(),
      });
      expect(result).toMatchObject({ kind: "killed", outputTail: "ready\n" });
      for (const pid of readPids(pidFile)) expect(isAlive(pid)).toBe(false);
    });

    it("keeps the output written before a timeout", async () => {
      expect(await run("echo before; sleep 30", { timeoutMs: 300 })).toMatchObject({
        kind: "timed-out",
        outputTail: "before\n",
      });
    });

    it("stops the process group when the signal aborts, reporting it killed", async () => {
      const controller = new AbortController();
      const pidFile = join(dir, "abort-pids");
      const running = run(`sleep 30 & echo $! > ${pidFile}; echo started; wait`, {
        signal: controller.signal,
        onOutput: () => controller.abort(),
      });
      expect(await running).toMatchObject({ kind: "killed", signal: "SIGTERM", outputTail: "started\n" });
      for (const pid of readPids(pidFile)) expect(isAlive(pid)).toBe(false);
    });

    it("does not start a command whose signal has already aborted", async () => {
      const marker = join(dir, "never-created");
      const result = await run(`touch ${marker}`, { signal: AbortSignal.abort() });
      expect(result).toMatchObject({ kind: "killed" });
      expect(() => readFileSync(marker)).toThrow();
    });

    it("reports a command killed by a signal from outside", async () => {
      expect(await run("kill -TERM $$; sleep 5")).toMatchObject({ kind: "killed", signal: "SIGTERM" });
      expect(await run("kill -KILL $$")).toMatchObject({ kind: "killed", signal: "SIGKILL" });
    });

    it("does not wait for background children that outlive the shell holding its output", async () => {
      const pidFile = join(dir, "leftover-pids");
      const result = await run(`sleep 30 & echo $! > ${pidFile}; echo done`);
      expect(result).toMatchObject({ kind: "exited", exitCode: 0, outputTail: "done\n" });
      readPids(pidFile);
    });

    it("fails to start in a missing working directory, saying which", async () => {
      const missing = join(dir, "no-such-dir");
      expect(await run("true", { cwd: missing })).toEqual({
        kind: "failed-to-start",
        message: `working directory does not exist: ${missing}`,
      });
    });

    it("fails to start when bash is not on the command's PATH", async () => {
      const result = await run("true", { env: { PATH: join(dir, "empty-bin") } });
      expect(result).toMatchObject({ kind: "failed-to-start" });
      if (result.kind === "failed-to-start") expect(result.message).toContain("bash not found");
    });

    it("hands back an error thrown by the output callback after stopping the command", async () => {
      const failure = new Error("reporter broke");
      await expect(
        run("echo hi; sleep 30", {
          onOutput: () => {
            throw failure;
          },
        }),
      ).rejects.toBe(failure);
    });

    it("measures how long the command ran", async () => {
      const result = await run("sleep 0.05");
      if (result.kind !== "exited") throw new Error(`unexpected ${result.kind}`);
      expect(result.durationMs).toBeGreaterThan(0);
    });

    it("tells an exit code above 128 from a death by signal", async () => {
      expect(await run("exit 143")).toMatchObject({ kind: "exited", exitCode: 143 });
      expect(await run("exit 137")).toMatchObject({ kind: "exited", exitCode: 137 });
    });

    it("runs the command as the leader of its own process group", async () => {
      // Fields 1 and 5 of /proc/<pid>/stat are the pid and the process group.
      const result = await run('read -r -a f < /proc/$$/stat; echo "$$ ${f[0]} ${f[4]}"');
      if (result.kind !== "exited") throw new Error(`unexpected ${result.kind}`);
      const [shellPid, pid, group] = result.outputTail.trim().split(" ");
      expect(pid).toBe(shellPid);
      expect(group).toBe(pid);
      expect(Number(group)).not.toBe(process.pid);
    });

    it("passes values with quotes, backslashes, newlines and non-ASCII text unchanged", async () => {
      const value = "a'b\"c\\d $HOME `x` \n\t€ ü\u0001";
      const result = await run('printf %s "$ODD"', { env: { ...baseEnv, ODD: value } });
      expect(result).toMatchObject({ kind: "exited", exitCode: 0, outputTail: value });
    });
  });
}
