import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { exited, ScriptedCommandRunner } from "../../testing/scripted-command-runner.js";
import { SecretMaskingCommandRunner } from "./secret-masking-command-runner.js";
import { ShellCommandRunner } from "./shell-command-runner.js";

const secret = "Zq8-vault-pass-41";
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", X: secret };

async function runMasked(command: string) {
  const chunks: { stream: string; text: string }[] = [];
  const runner = new SecretMaskingCommandRunner(new ShellCommandRunner(), [secret]);
  const result = await runner.run({ command, cwd: tmpdir(), env, onOutput: (stream, text) => chunks.push({ stream, text }) });
  return {
    result,
    chunks,
    shown: (stream: string) =>
      chunks
        .filter((c) => c.stream === stream)
        .map((c) => c.text)
        .join(""),
  };
}

describe("SecretMaskingCommandRunner", () => {
  it("masks a secret a command prints in two pieces, in every chunk it hands on and in the tail", async () => {
    const { result, chunks, shown } = await runMasked('echo start; printf %s "${X:0:6}"; sleep 0.3; printf "%s\\n" "${X:6}"; echo end');
    expect(result).toMatchObject({ kind: "exited", exitCode: 0, outputTail: "start\n***\nend\n" });
    expect(shown("stdout")).toBe("start\n***\nend\n");
    for (const { text } of chunks) expect(text).not.toContain(secret.slice(0, 6));
  }, 20_000);

  it("keeps each stream whole, so output on the other stream between the pieces reveals neither", async () => {
    const { result, shown } = await runMasked('printf %s "${X:0:6}"; sleep 0.3; echo between >&2; sleep 0.3; printf "%s\\n" "${X:6}"');
    expect(shown("stdout")).toBe("***\n");
    expect(shown("stderr")).toBe("between\n");
    // The tail interleaves both streams in the order their masked text was shown.
    const tail = result.kind === "exited" ? result.outputTail : "";
    expect(tail.split("\n").sort()).toEqual(["", "***", "between"]);
  }, 20_000);

  it("shows a held tail that was not a secret after all once the command ends", async () => {
    const { result, shown } = await runMasked('printf %s "${X:0:6}"');
    expect(shown("stdout")).toBe(secret.slice(0, 6));
    expect(result.kind === "exited" && result.outputTail).toBe(secret.slice(0, 6));
  }, 20_000);

  it("masks the tail and messages of a runner that streams nothing", async () => {
    const inner = new ScriptedCommandRunner()
      .on("quiet", exited(1, `password ${secret} rejected\n`))
      .on("broken", { kind: "failed-to-start", message: `could not start in /srv/${secret}` });
    const runner = new SecretMaskingCommandRunner(inner, [secret]);
    const quiet = await runner.run({ command: "quiet", cwd: tmpdir(), env });
    expect(quiet).toMatchObject({ kind: "exited", exitCode: 1, outputTail: "password *** rejected\n" });
    expect(await runner.run({ command: "broken", cwd: tmpdir(), env })).toEqual({ kind: "failed-to-start", message: "could not start in /srv/***" });
  });
});
