import { Command, Option } from "@commander-js/extra-typings";
import { readMetrics } from "../../app/monitor/read-metrics.js";
import { type MonitorFrame, watchMetrics } from "../../app/monitor/watch-metrics.js";
import { monitoredMetrics } from "../../app/run-service/metric-readings.js";
import { parseDuration } from "../../plan/values/duration.js";
import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { renderMonitorLines } from "../reporters/monitor-line-reporter.js";
import { renderMonitorTable } from "../reporters/monitor-table-reporter.js";
import { openWorkspaceOrExit, sessionOptions } from "../run/open-session.js";

const CLEAR = "\x1b[H\x1b[2J";
const HIDE_CURSOR = "\x1b[?25l";
const SHOW_CURSOR = "\x1b[?25h";

/**
 * `bascule monitor`: every metric of the plan and the bindings against its thresholds, read
 * through the same providers a run uses. It needs no state store and writes nothing.
 */
export function monitorCommand(io: CliIo, version: string, setExit: (code: number) => void) {
  return new Command("monitor")
    .description("watch every metric of the plan and the bindings against its thresholds: normal, alert, critical or no data")
    .argument("<plan>", "the migration-strategy.yaml")
    .option(...sessionOptions.config)
    .option(...sessionOptions.env)
    .option("--once", "read every metric once, print, and exit")
    .option("--json", "print the documented JSON shape (with --once: one object; else one line of JSON per refresh)")
    .addOption(new Option("--interval <duration>", "time between refreshes, like 5s, 500ms or 2 (seconds)").default(5_000, "5s").argParser(parseInterval))
    .addOption(new Option("--count <n>", "stop after this many refreshes (default: until Ctrl-C)").argParser(parseCount))
    .addHelpText(
      "after",
      "\nStates: normal, alert, critical (against the plan's migration_monitoring thresholds), no data (empty, nan, error or\n" +
        "timeout, and why), no thresholds, not automatic (a prose measurement_method). On a terminal the view redraws in place\n" +
        "with a sparkline of the last 30 readings; elsewhere it prints one line per metric per refresh.\n" +
        "Exit codes: 0 the metrics were read, whatever their states (read them from the output), 1 the plan has lint errors,\n" +
        "2 bad input.",
    )
    .action(async (plan, options) => {
      // Monitoring touches no run: no store is opened, nothing is created beside the plan.
      const workspace = await openWorkspaceOrExit(io, plan, options, version, "no-store");
      const { targets, provider } = monitoredMetrics(workspace);
      if (options.once) {
        const metrics = await readMetrics(targets, provider);
        io.stdout(options.json ? `${JSON.stringify({ metrics }, null, 2)}\n` : renderMonitorTable(metrics, { color: io.color }));
        setExit(0);
        return;
      }
      const live = io.interactive === true && options.json !== true;
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once("SIGINT", stop);
      if (live) io.stdout(HIDE_CURSOR);
      try {
        await watchMetrics({
          targets,
          provider,
          intervalMs: options.interval,
          now: () => workspace.ports.clock.now(),
          ...(options.count === undefined ? {} : { count: options.count }),
          signal: controller.signal,
          onFrame: (frame) =>
            io.stdout(
              options.json
                ? `${JSON.stringify({ at: frame.at, metrics: frame.metrics })}\n`
                : live
                  ? renderLiveFrame(plan, frame, options.interval, io.color)
                  : renderMonitorLines(frame),
            ),
        });
      } finally {
        process.off("SIGINT", stop);
        if (live) io.stdout(SHOW_CURSOR);
      }
      setExit(0);
    });
}

function renderLiveFrame(plan: string, frame: MonitorFrame, intervalMs: number, color: boolean): string {
  const title = `bascule monitor ${plan}  ${frame.at}  every ${intervalMs / 1000}s, Ctrl-C to stop`;
  return `${CLEAR}${title}\n\n${renderMonitorTable(frame.metrics, { color, history: frame.history })}`;
}

function parseInterval(value: string): number {
  const trimmed = value.trim();
  const seconds = /^\d+(?:\.\d+)?$/.test(trimmed) ? Number(trimmed) * 1000 : undefined;
  const parsed = seconds === undefined ? parseDuration(trimmed) : undefined;
  const ms = seconds ?? (parsed?.kind === "ok" && parsed.value.minMs === parsed.value.maxMs && !parsed.value.observation ? parsed.value.minMs : undefined);
  if (ms === undefined || ms <= 0) throw new CliError(`--interval must be a duration above 0, like 5s, 500ms or 2; got ${JSON.stringify(value)}`, 2);
  return ms;
}

function parseCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) throw new CliError(`--count must be a whole number of refreshes, 1 or more; got ${JSON.stringify(value)}`, 2);
  return count;
}
