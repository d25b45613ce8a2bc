import type { Clock } from "../../ports/clock.js";
import type { JournalStore, LogChunk } from "../../ports/journal-store.js";

/**
 * Collects a command's output and writes it to the store in batches: one durable write per
 * chunk of output would slow chatty commands to a crawl, and the journal's own events
 * already carry each action's output tail.
 */
export class StepLogBuffer {
  private pending: LogChunk[] = [];
  private size = 0;
  private lastFlush: number;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: JournalStore,
    private readonly runId: string,
    private readonly clock: Clock,
    private readonly maxBytes = 64 * 1024,
    private readonly maxDelayMs = 500,
  ) {
    this.lastFlush = clock.now();
  }

  add(stepId: string, attempt: number, stream: "stdout" | "stderr", text: string, nowMs: number): void {
    const last = this.pending[this.pending.length - 1];
    const at = new Date(nowMs).toISOString();
    if (last && last.stepId === stepId && last.stream === stream && last.attempt === attempt) {
      this.pending[this.pending.length - 1] = { ...last, text: last.text + text };
    } else {
      this.pending.push({ runId: this.runId, stepId, attempt, stream, text, at });
    }
    this.size += text.length;
    if (this.size >= this.maxBytes || this.clock.now() - this.lastFlush >= this.maxDelayMs) void this.flush();
  }

  flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.size = 0;
    this.lastFlush = this.clock.now();
    this.writing = this.writing.then(async () => {
      for (const chunk of batch) await this.store.appendLog(chunk);
    });
    return this.writing;
  }
}
