import { createNodePlanFiles } from "../adapters/node-fs/node-plan-files.js";
import { SystemClock } from "../adapters/system-clock.js";
import type { PlanFiles } from "../lint/plan-files.js";
import type { Clock } from "../ports/clock.js";

/**
 * The light part of the real world: the files beside a plan and the wall clock. The run's ports
 * (commands, databases, metrics) are chosen in run/system-ports.ts; these stay apart so that
 * `lint` and `plan` load no database driver.
 */
export function planFilesIn(planDir: string): PlanFiles {
  return createNodePlanFiles(planDir);
}

/** The wall clock, for front ends and library calls that stamp what a person does. */
export const systemClock: Clock = new SystemClock();
