import { describe, expect, it } from "vitest";
import { type CommandRequest, isSuccess } from "../ports/command-runner.js";
import { exited, ScriptedCommandRunner } from "./scripted-command-runner.js";

function request(command: string, extra: Partial<CommandRequest> = {}): CommandRequest {
  return { command, cwd: "/plans/cart", env: { BASCULE_STEP_ID: "backup" }, ...extra };
}

describe("ScriptedCommandRunner", () => {
  it("answers from the first rule that matches", async () => {
    const runner = new ScriptedCommandRunner([
      { match: "./migrate.sh", result: exited(1, "boom\n") },
      { match: /migrate/, result: exited(2) },
    ]);
    expect(await runner.run(request("./migrate.sh"))).toEqual(exited(1, "boom\n"));
    expect(await runner.run(request("./migrate.sh --dry-run"))).toEqual(exited(2));
  });

  it("matches a string against the whole command, a RegExp anywhere in it", async () => {
    const runner = new ScriptedCommandRunner([
      { match: "psql", result: exited(5) },
      { match: /^test -s /, result: exited(6) },
    ]);
    expect(await runner.run(request("psql -c 'select 1'"))).toEqual(exited(0));
    expect(await runner.run(request("psql"))).toEqual(exited(5));
    expect(await runner.run(request("test -s backup/cart.sql"))).toEqual(exited(6));
  });

  it("matches a global RegExp on every call, not every other one", async () => {
    const runner = new ScriptedCommandRunner([{ match: /deploy/g, result: exited(9) }]);
    expect(await runner.run(request("deploy a"))).toEqual(exited(9));
    expect(await runner.run(request("deploy b"))).toEqual(exited(9));
  });

  it("lets unmatched commands succeed by default", async () => {
    const result = await new ScriptedCommandRunner().run(request("anything at all"));
    expect(isSuccess(result)).toBe(true);
  });

  it("in strict mode fails unmatched commands with 127, as bash does", async () => {
    const result = await new ScriptedCommandRunner([], { strict: true }).run(request("nope"));
    expect(result).toMatchObject({ kind: "exited", exitCode: 127 });
    expect(isSuccess(result)).toBe(false);
  });

  it("computes a result from the request", async () => {
    const runner = new ScriptedCommandRunner([{ match: /./, result: (req) => exited(req.env.BASCULE_STEP_ID === "backup" ? 0 : 1, req.cwd) }]);
    expect(await runner.run(request("echo"))).toEqual(exited(0, "/plans/cart"));
    expect(await runner.run(request("echo", { env: {} }))).toEqual(exited(1, "/plans/cart"));
  });

  it("returns any kind of result, timeouts and kills included", async () => {
    const runner = new ScriptedCommandRunner()
      .on("slow", { kind: "timed-out", timeoutMs: 1000, outputTail: "", durationMs: 1000 })
      .on("start", { kind: "failed-to-start", message: "bash not found" });
    expect(await runner.run(request("slow"))).toMatchObject({ kind: "timed-out" });
    expect(await runner.run(request("start"))).toMatchObject({ kind: "failed-to-start" });
  });

  it("records every request in order", async () => {
    const runner = new ScriptedCommandRunner();
    await runner.run(request("first"));
    await runner.run(request("second", { timeoutMs: 50 }));
    expect(runner.commands).toEqual(["first", "second"]);
    expect(runner.calls[1]).toMatchObject({ command: "second", cwd: "/plans/cart", timeoutMs: 50 });
  });

  it("emits a rule's output through onOutput before returning", async () => {
    const runner = new ScriptedCommandRunner([{ match: "make backup", result: exited(0, "done\n"), output: { stdout: "dumping\n", stderr: "warning\n" } }]);
    const seen: string[] = [];
    const result = await runner.run(request("make backup", { onOutput: (stream, text) => seen.push(`${stream}:${text}`) }));
    seen.push(`result:${result.kind}`);
    expect(seen).toEqual(["stdout:dumping\n", "stderr:warning\n", "result:exited"]);
  });
});
