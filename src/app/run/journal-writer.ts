import { RunStateFolder } from "../../engine/fold-journal.js";
import type { JournalEvent } from "../../engine/journal-event.js";
import type { RunState } from "../../engine/run-state.js";
import type { Actor } from "../../ports/actor.js";
import type { Clock } from "../../ports/clock.js";
import type { JournalRecord, JournalStore, RunStatus } from "../../ports/journal-store.js";

/**
 * The run's state and its way into the journal. Pure transitions (a step started, a check
 * passed) are folded at once but written with the next side effect's intent: they follow from
 * the journal, so a crash that loses them loses nothing the engine cannot decide again, and
 * one transaction per side effect is what keeps the engine's cost per step low.
 */
export class JournalWriter {
  #folder = new RunStateFolder();
  #pending: JournalEvent[] = [];
  #committedSeq = 0;

  private constructor(
    private readonly store: JournalStore,
    private readonly runId: string,
    private readonly clock: Clock,
    private readonly onRecord?: (record: JournalRecord, state: RunState) => void,
    private readonly actor?: Actor,
  ) {}

  /** `actor` is who drives the run: every event this writer appends is recorded as theirs. */
  static async open(
    store: JournalStore,
    runId: string,
    clock: Clock,
    onRecord?: (record: JournalRecord, state: RunState) => void,
    showAfterSeq?: number,
    actor?: Actor,
  ): Promise<JournalWriter> {
    const writer = new JournalWriter(store, runId, clock, onRecord, actor);
    for (const record of await store.read(runId)) {
      writer.#folder.apply(record);
      if (showAfterSeq !== undefined && record.seq > showAfterSeq) onRecord?.(record, writer.state);
    }
    writer.#committedSeq = writer.#folder.state.lastSeq;
    return writer;
  }

  get state(): RunState {
    return this.#folder.state;
  }

  /** Folds pure transitions now; they are written with the next commit. */
  stage(events: readonly JournalEvent[]): void {
    const at = new Date(this.clock.now()).toISOString();
    for (const event of events) {
      this.#folder.apply({ runId: this.runId, seq: this.#folder.state.lastSeq + 1, at, event });
      this.#pending.push(event);
    }
  }

  /** Writes what is staged and `events` in one transaction; synced to disk when `durable`. */
  async commit(events: readonly JournalEvent[], durable: boolean): Promise<void> {
    const staged = this.#pending;
    this.#pending = [];
    const all = [...staged, ...events];
    if (all.length === 0) {
      // Nothing new, but a durable commit still syncs what earlier, unsynced commits wrote.
      if (durable) await this.store.append(this.runId, [], new Date(this.clock.now()).toISOString(), this.state.status, { durable, actor: this.actor });
      return;
    }
    const records = await this.store.append(this.runId, all, new Date(this.clock.now()).toISOString(), this.#statusAfter(events), { durable, actor: this.actor });
    const first = records[0];
    if (first !== undefined && first.seq !== this.#committedSeq + 1) {
      // Another process wrote in between (an approval, an attestation): fold the journal afresh.
      this.#folder = new RunStateFolder();
      for (const record of await this.store.read(this.runId)) this.#folder.apply(record);
    } else {
      for (const record of records.slice(staged.length)) this.#folder.apply(record);
    }
    this.#committedSeq = records[records.length - 1]?.seq ?? this.#committedSeq;
    for (const record of records) this.onRecord?.(record, this.state);
  }

  /** Takes in what other processes wrote; true when there was something. */
  async catchUp(): Promise<boolean> {
    await this.commit([], false);
    const fresh = await this.store.read(this.runId, this.#committedSeq);
    for (const record of fresh) {
      this.#folder.apply(record);
      this.onRecord?.(record, this.state);
    }
    this.#committedSeq = this.#folder.state.lastSeq;
    return fresh.length > 0;
  }

  /** The run's status after these events, kept on the run's row for `bascule runs`. */
  #statusAfter(events: readonly JournalEvent[]): RunStatus {
    for (let i = events.length - 1; i >= 0; i--) {
      const event = events[i] as JournalEvent;
      if (event.kind === "run.finished") return event.status;
      if (event.kind === "run.paused") return "paused";
    }
    return this.state.status === "paused" ? "in_progress" : this.state.status;
  }
}
