// `bascule/planner`: what a plan will do, worked out without running it. Pure: the start date
// and what the plan's folder holds (missing files, executable scripts and datasets) are the caller's to give.

/** Everything an approver asks before a migration runs: order, gates, rollback map, timeline and critical path, milestones, constraints, automation, missing files, and the sections that join the run (strategy gates, continuous validation, regression suites, risks, completion, post-migration). */
export { explainPlan, type ExplainPlanOptions } from "./explain-plan.js";
/** The explanation's parts: the JSON contract of `bascule plan --format json` (snake_case keys, hours as numbers, ISO dates). */
export type * from "./plan-explanation.js";
