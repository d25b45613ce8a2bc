/** A rule threw while checking a plan: a bug in Bascule (or in a rule given to it), never the plan's fault. */
export class LintRuleError extends Error {
  override readonly name = "LintRuleError";
  readonly code = "lint-rule-failed";

  constructor(
    readonly ruleId: string,
    cause: unknown,
  ) {
    super(`rule ${ruleId} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
