import type { StrategyGate } from "./schema/plan-schema.js";

type Criterion = NonNullable<StrategyGate["criteria"]>[number];

/**
 * The check a strategy gate's criterion stands for (SEMANTICS 11.1): with `measurement`
 * and a `threshold` that is a comparison (`< 0.1%`), the condition `<measurement> <threshold>`;
 * else the criterion's own words, to be bound or attested. Undefined when it has neither.
 */
export function criterionCheckText(criterion: Criterion): string | undefined {
  const measurement = criterion.measurement?.trim();
  const threshold = criterion.threshold?.trim();
  if (measurement && threshold && /^(<=|>=|==|!=|<|>)/.test(threshold)) return `${measurement} ${threshold}`;
  const words = criterion.criterion?.trim();
  return words ? words : undefined;
}
