import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MetricProvider, MetricQuery, MetricReading } from "../ports/metric-provider.js";

/** A reading that would not end on its own while the test waits: a slow command, a held lock, a server that never answers. */
export interface StalledReading {
  readonly provider: MetricProvider;
  readonly query: MetricQuery;
  /** Ends the stall: releases the lock, closes the server. */
  release(): Promise<void>;
}

/** One backend, as an adapter's test provides it to the contract; each query is in that backend's language. */
export interface MetricProviderUnderTest {
  readonly provider: MetricProvider;
  /** A query the backend answers with exactly `value` (a plain decimal: 0, 42, 0.25, -1.5). */
  valueOf(value: number): MetricQuery;
  /** A query the backend answers with nothing: no row, no output, an empty vector. */
  readonly empty: MetricQuery;
  /** A query the backend answers with the text `NaN`. */
  readonly notANumber: MetricQuery;
  /** A query the backend refuses: a syntax error, a command that fails. */
  readonly refused: MetricQuery;
  /** A provider and query whose backend is not there: a closed port, a missing file or folder. */
  readonly unreachable: { readonly provider: MetricProvider; readonly query: MetricQuery };
  /** A query of a kind the provider does not read, where there is one. */
  readonly foreign?: MetricQuery;
  readonly stall: {
    /** False where the wait blocks the whole process (SQLite's busy wait), so no abort can arrive during it. */
    readonly abortable: boolean;
    start(): Promise<StalledReading>;
  };
  /** Called once after the suite. */
  close?(): Promise<void>;
}

const options = { timeoutMs: 5_000 } as const;
/** A stalled reading must end this soon after its timeout or abort, however the adapter stops the work. */
const promptMs = 3_000;

function expectValue(reading: MetricReading, value: number): void {
  expect(reading).toEqual({ kind: "value", value, at: expect.any(String) });
  const at = reading.kind === "value" ? reading.at : "";
  expect(new Date(at).toISOString()).toBe(at);
}

/**
 * The behaviour every `MetricProvider` must have, whatever its backend: one number or a
 * reading that says why there is none, and never a rejected promise for the backend's failure.
 * Call it from the adapter's test file; `open` is called once, before the suite.
 */
export function describeMetricProviderContract(name: string, open: () => Promise<MetricProviderUnderTest>): void {
  describe(`${name} (metric provider contract)`, () => {
    let subject: MetricProviderUnderTest;
    beforeAll(async () => {
      subject = await open();
    }, 60_000);
    afterAll(async () => {
      await subject?.close?.();
    });

    const read = (query: MetricQuery): Promise<MetricReading> => subject.provider.read(query, options);

    it("reads a known number as a value stamped with an ISO-8601 time", async () => {
      for (const value of [42, 0, 0.25, -1.5, 1234.5]) expectValue(await read(subject.valueOf(value)), value);
    });

    it("reads an answer with nothing in it as empty", async () => {
      expect(await read(subject.empty)).toEqual({ kind: "empty" });
    });

    it("reads an answer that is not a number as nan, with the text as received", async () => {
      expect(await read(subject.notANumber)).toEqual({ kind: "nan", raw: "NaN" });
    });

    it("reads a query the backend refuses as an error with a message, not a rejection", async () => {
      await expect(read(subject.refused)).resolves.toEqual({ kind: "error", message: expect.stringMatching(/\S/) });
    });

    it("reads a backend that is not there as an error with a message, not a rejection", async () => {
      const { provider, query } = subject.unreachable;
      await expect(provider.read(query, options)).resolves.toEqual({ kind: "error", message: expect.stringMatching(/\S/) });
    });

    it("reads a query of a kind it does not read as an error naming that kind", async (context) => {
      const foreign = subject.foreign;
      if (foreign === undefined) return context.skip("this provider reads every kind of query");
      const reading = await read(foreign);
      expect(reading).toEqual({ kind: "error", message: expect.any(String) });
      expect(reading.kind === "error" && reading.message.toLowerCase()).toContain(foreign.kind);
    });

    it("ends a reading with no answer within timeoutMs as a timeout, not before and soon after, and reads normally next", async () => {
      const stalled = await subject.stall.start();
      const started = performance.now();
      try {
        expect(await stalled.provider.read(stalled.query, { timeoutMs: 300 })).toEqual({ kind: "timeout", timeoutMs: 300 });
        const elapsed = performance.now() - started;
        expect(elapsed).toBeGreaterThanOrEqual(290);
        expect(elapsed).toBeLessThan(300 + promptMs);
      } finally {
        await stalled.release();
      }
      expectValue(await read(subject.valueOf(2)), 2);
    });

    it("ends a reading cancelled while it waits as an error saying so, not as a timeout", async (context) => {
      if (!subject.stall.abortable) return context.skip("a wait that blocks the process cannot be cancelled during it");
      const stalled = await subject.stall.start();
      const controller = new AbortController();
      const started = performance.now();
      try {
        const reading = stalled.provider.read(stalled.query, { timeoutMs: 10_000, signal: controller.signal });
        setTimeout(() => controller.abort(), 100);
        expect(await reading).toEqual({ kind: "error", message: expect.stringMatching(/cancel/i) });
        expect(performance.now() - started).toBeLessThan(100 + promptMs);
      } finally {
        await stalled.release();
      }
    });

    it("reads nothing with a signal aborted before the reading starts: an error saying so", async () => {
      const controller = new AbortController();
      controller.abort();
      const reading = await subject.provider.read(subject.valueOf(1), { ...options, signal: controller.signal });
      expect(reading).toEqual({ kind: "error", message: expect.stringMatching(/cancel/i) });
    });

    it("reads one query after another independently: a failure leaves the next reading unharmed", async () => {
      const readings = [];
      for (const query of [subject.valueOf(1), subject.refused, subject.valueOf(2), subject.empty, subject.notANumber, subject.valueOf(3)]) {
        readings.push(await read(query));
      }
      expect(readings.map((reading) => reading.kind)).toEqual(["value", "error", "value", "empty", "nan", "value"]);
      expect(readings.map((reading) => (reading.kind === "value" ? reading.value : undefined))).toEqual([1, undefined, 2, undefined, undefined, 3]);
    });

    it("reads several queries at once, each reading its own answer", async () => {
      const values = [1, 2, 3, 4, 5];
      const readings = await Promise.all([...values.map((value) => read(subject.valueOf(value))), read(subject.refused)]);
      values.forEach((value, index) => expectValue(readings[index] as MetricReading, value));
      expect(readings.at(-1)).toMatchObject({ kind: "error" });
    });
  });
}
