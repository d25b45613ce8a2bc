import type { AlertRaised } from "./journal-event.js";
import type { Decision } from "./run-context.js";
import type { RunState, Sample } from "./run-state.js";

/**
 * An `alert.raised` when the latest reading of a site crossed into `level` and no alert was
 * raised for it yet: one alert per crossing, however many readings stay past the line.
 */
export function alertOnCrossing(
  state: RunState,
  samples: readonly Sample[],
  crossed: (sample: Sample) => "normal" | "alert" | "critical",
  alert: Omit<AlertRaised, "kind" | "level" | "sampleCount">,
): Decision | undefined {
  const last = samples[samples.length - 1];
  if (last === undefined || last.reading.kind !== "value") return undefined;
  const level = crossed(last);
  if (level === "normal") return undefined;
  const previous = samples[samples.length - 2];
  const previousLevel = previous?.reading.kind === "value" ? crossed(previous) : "normal";
  if (previousLevel === level || (previousLevel === "critical" && level === "alert")) return undefined;
  if ((state.alertedSamples.get(alert.site) ?? 0) >= samples.length) return undefined;
  return { kind: "record", events: [{ kind: "alert.raised", ...alert, level, sampleCount: samples.length }] };
}
