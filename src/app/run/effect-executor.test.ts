import { describe, expect, it } from "vitest";
import type { DatasetExecution, Effect } from "../../engine/run-context.js";
import type { CommandResult } from "../../ports/command-runner.js";
import { FakeClock } from "../../testing/fake-clock.js";
import { ScriptedCommandRunner } from "../../testing/scripted-command-runner.js";
import { emptyBindings } from "../bindings/bindings.js";
import { EffectExecutor } from "./effect-executor.js";

/** A command that takes `ms` of the clock's time and exits with `exitCode`. */
function taking(clock: FakeClock, ms: number, exitCode = 0): () => CommandResult {
  return () => {
    clock.advance(ms);
    return { kind: "exited", exitCode, outputTail: "", durationMs: ms };
  };
}

function datasetEffect(execution: DatasetExecution): Effect {
  return {
    intent: {
      kind: "action.started",
      actionId: "step:S1#1#dataset:orders",
      scope: { kind: "step", stepId: "S1" },
      action: { kind: "dataset", datasetId: "orders", command: execution.command },
    },
    run: { kind: "dataset", execution },
  };
}

function executorFor(clock: FakeClock, commands: ScriptedCommandRunner): EffectExecutor {
  const unusedSql = { execute: () => Promise.reject(new Error("no SQL in these examples")) };
  return new EffectExecutor({ planDir: "/plan", bindings: emptyBindings("/plan"), secrets: [], commands, sql: unusedSql, clock, baseEnv: {}, runId: "run-1" });
}

describe("EffectExecutor", () => {
  it("times a dataset from its setup to the end of its teardown by the executor's clock", async () => {
    const clock = new FakeClock({ start: 1_000 });
    const commands = new ScriptedCommandRunner().on("prepare", taking(clock, 100)).on("check-orders", taking(clock, 200)).on("clean", taking(clock, 50));
    const result = await executorFor(clock, commands).run(
      datasetEffect({ command: "check-orders", setupScript: "prepare", teardownScript: "clean" }),
      { stepId: "S1" },
      () => undefined,
    );
    expect(commands.commands).toEqual(["prepare", "check-orders", "clean"]);
    expect(result).toMatchObject({ outcome: { kind: "exited", exitCode: 0 }, durationMs: 350 });
  });

  it("stops a dataset whose setup fails, timed up to that failure", async () => {
    const clock = new FakeClock();
    const commands = new ScriptedCommandRunner().on("prepare", taking(clock, 120, 3));
    const result = await executorFor(clock, commands).run(datasetEffect({ command: "check-orders", setupScript: "prepare" }), { stepId: "S1" }, () => undefined);
    expect(commands.commands).toEqual(["prepare"]);
    expect(result).toMatchObject({ outcome: { kind: "exited", exitCode: 3 }, durationMs: 120 });
  });
});
