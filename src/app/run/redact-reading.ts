import type { MetricProvider, MetricReading } from "../../ports/metric-provider.js";

/** A reading with its text masked: a metric command's error or odd output may print a secret. */
export function redactReading(reading: MetricReading, redact: ((text: string) => string) | undefined): MetricReading {
  if (redact === undefined) return reading;
  switch (reading.kind) {
    case "nan":
      return { kind: "nan", raw: redact(reading.raw) };
    case "error":
      return { kind: "error", message: redact(reading.message) };
    default:
      return reading;
  }
}

/** A provider whose readings come back masked, for every reader that keeps or prints them. */
export function maskMetricReadings(provider: MetricProvider, redact: (text: string) => string): MetricProvider {
  return { read: async (query, options) => redactReading(await provider.read(query, options), redact) };
}
