import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { CommandRequest, CommandResult } from "../../ports/command-runner.js";
import { describeCommandRunnerContract, isAlive } from "../../testing/command-runner-contract.js";
import { CommandHelperError, ForkServerCommandRunner } from "./fork-server-command-runner.js";
import { ShellCommandRunner } from "./shell-command-runner.js";

describeCommandRunnerContract("ForkServerCommandRunner", (options) => new ForkServerCommandRunner(options));

const dir = mkdtempSync(join(tmpdir(), "bascule-fork-server-test-"));
const baseEnv = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
const runner = new ForkServerCommandRunner({ killGraceMs: 500 });
const reference = new ShellCommandRunner();
afterAll(() => runner.close());

function request(command: string, extra: Partial<CommandRequest> = {}): CommandRequest {
  return { command, cwd: dir, env: baseEnv, ...extra };
}

function tailOf(result: CommandResult): string {
  if (result.kind === "failed-to-start") throw new Error(result.message);
  return result.outputTail;
}

/** The helper is the parent of each command's shell, which replaced the forked child. */
async function helperPid(): Promise<number> {
  return Number(tailOf(await runner.run(request("echo $PPID"))).trim());
}

describe("ForkServerCommandRunner, beyond the contract", () => {
  it("gives the command the same environment as ShellCommandRunner, even names bash cannot export", async () => {
    const env = { ...baseEnv, LANG: "C.UTF-8", "odd-name": "x=1", UID: "not-mine", BASH_ENV: "", EMPTY: "", NL: "a\nb" };
    for (const command of ["env | sort", "env -0 | sort -z | tr '\\0' '|'; echo $0"]) {
      const expected = tailOf(await reference.run(request(command, { env })));
      expect(tailOf(await runner.run(request(command, { env })))).toBe(expected);
      expect(tailOf(await runner.run(request(command)))).toBe(tailOf(await reference.run(request(command))));
    }
  });

  it("gives the command the same open descriptors as ShellCommandRunner", async () => {
    const command = "cd /proc/$$/fd && echo *";
    expect(tailOf(await runner.run(request(command)))).toBe(tailOf(await reference.run(request(command))));
  });

  it("runs concurrent requests one after the other", async () => {
    const log = join(dir, "order");
    const step = (name: string): string => `echo start-${name} >> ${log}; sleep 0.1; echo end-${name} >> ${log}`;
    const results = await Promise.all([runner.run(request(step("a"))), runner.run(request(step("b")))]);
    expect(results.map((result) => result.kind)).toEqual(["exited", "exited"]);
    expect(tailOf(await runner.run(request(`cat ${log}`))).split("\n")).toEqual(["start-a", "end-a", "start-b", "end-b", ""]);
  });

  it("fails a command in flight when the helper dies, stopping it, then starts a new helper", async () => {
    const pidFile = join(dir, "orphan-pid");
    let helper = 0;
    const running = runner.run(
      request(`sleep 30 & echo $! > ${pidFile}; echo $PPID; wait`, {
        onOutput: (_stream, text) => {
          helper = Number(text.trim());
          process.kill(helper, "SIGKILL");
        },
      }),
    );
    const failure = await running.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(CommandHelperError);
    expect((failure as CommandHelperError).code).toBe("helper-died");
    const orphan = Number(tailOf(await runner.run(request(`cat ${pidFile}`))).trim());
    expect(isAlive(orphan)).toBe(false);
    const next = await helperPid();
    expect(next).not.toBe(helper);
    expect(await runner.run(request("exit 4"))).toMatchObject({ kind: "exited", exitCode: 4 });
  });

  it("stops its helper on close, and starts another when used again", async () => {
    const own = new ForkServerCommandRunner();
    const first = Number(tailOf(await own.run(request("echo $PPID"))).trim());
    await own.close();
    expect(isAlive(first)).toBe(false);
    expect(await own.run(request("echo again"))).toMatchObject({ kind: "exited", outputTail: "again\n" });
    await own.close();
  });

  it("lets this process exit without close, taking the helper with it", () => {
    const script = join(dir, "exit-without-close.mts");
    const moduleUrl = pathToFileURL(join(import.meta.dirname, "fork-server-command-runner.ts")).href;
    writeFileSync(
      script,
      [
        `import { ForkServerCommandRunner } from ${JSON.stringify(moduleUrl)};`,
        "const result = await new ForkServerCommandRunner().run({ command: 'echo $PPID', cwd: '/', env: { PATH: process.env.PATH } });",
        "if (result.kind === 'exited') process.stdout.write(result.outputTail);",
      ].join("\n"),
    );
    const child = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", timeout: 30_000 });
    expect(child.status).toBe(0);
    const helper = Number(child.stdout.trim());
    expect(helper).toBeGreaterThan(0);
    expect(isAlive(helper)).toBe(false);
  });
});
