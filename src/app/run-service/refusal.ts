import type { Remedy } from "./remedy.js";

/**
 * Why the run service did not do what it was asked. Front ends map the reason to their own
 * terms (an exit code, an MCP error, an HTTP status) and render the remedies as their own
 * commands; the message says what is the matter in words every front end can show.
 */
export type RefusalReason =
  /** The plan file cannot be read, or is not a plan. */
  | "plan-unreadable"
  /** The plan reads, but has lint errors. */
  | "plan-invalid"
  /** The bindings file is not valid. */
  | "bindings-invalid"
  /** The state store cannot be opened, or its location is not one Bascule can use. */
  | "state-unavailable"
  /** No run to act on (for this plan and environment). */
  | "no-run"
  /** The run has ended; nothing waits for this. */
  | "run-ended"
  /** A run of the plan is unfinished in another environment, or under other names. */
  | "run-elsewhere"
  /** A run is still live where a new one was asked for. */
  | "run-unfinished"
  /** The latest run's rollback failed: the system may be between states. */
  | "rollback-failed"
  /** Another process holds the plan's lock. */
  | "lock-held"
  /** The plan changed in steps that already ran. */
  | "plan-changed"
  /** The request names a gate, step, check or migration the plan does not have. */
  | "unknown-target"
  /** The run does not wait for what was given (an approval, an attestation, a decision). */
  | "not-waiting"
  /** The actor may not give this (not an approver, their own run, a role already signed). */
  | "not-permitted"
  /** The actor may act in several ways and must say which (several roles). */
  | "ambiguous"
  /** Nothing to roll back at the level asked. */
  | "nothing-to-undo"
  /** The request itself is malformed (a bad value, a missing argument). */
  | "bad-request";

export interface Refusal {
  readonly kind: "refused";
  readonly reason: RefusalReason;
  readonly message: string;
  /** What would address it, in order of preference; each front end words them as its own commands. */
  readonly remedies?: readonly Remedy[];
}

export function refusal(reason: RefusalReason, message: string, remedies?: readonly Remedy[]): Refusal {
  return remedies === undefined || remedies.length === 0 ? { kind: "refused", reason, message } : { kind: "refused", reason, message, remedies };
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "refused";
}
