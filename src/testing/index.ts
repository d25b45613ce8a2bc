// `bascule/testing`: fakes for testing plans and code built on Bascule, with no IO. The contract
// suites, which need vitest, are `bascule/testing/journal-store-contract` and
// `bascule/testing/command-runner-contract`.

/** Runs the pure engine against a plan with no IO: effects end as told, time jumps to each deadline. */
export { RunSimulation, type SimulationOptions } from "./simulate-run.js";
/** A `Clock` that moves only when the test moves it (or, with `autoAdvance`, to each sleep's deadline). */
export { FakeClock, type FakeClockOptions } from "./fake-clock.js";
/** A `JournalStore` in memory that passes the journal store contract. */
export { MemoryJournalStore } from "./memory-journal-store.js";
/** A `CommandRunner` answering each command from the first matching rule and recording every request; `exited(code)` builds a result. */
export { exited, ScriptedCommandRunner, type ScriptedCommandRunnerOptions, type ScriptedResult, type ScriptedRule } from "./scripted-command-runner.js";
