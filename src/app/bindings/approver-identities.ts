import type { Bindings } from "./bindings.js";

/**
 * Who may sign for an approver role of the plan. A role the bindings do not list is its
 * own one identity, so `--as "DBA Lead"` works before anyone writes bindings.
 */
export function identitiesForRole(bindings: Pick<Bindings, "approvers">, role: string): readonly string[] {
  return bindings.approvers.get(role) ?? [role];
}

/** Which of `roles` (as written in the plan) `identity` may fill, in the order given. */
export function rolesForIdentity(bindings: Pick<Bindings, "approvers">, identity: string, roles: readonly string[]): string[] {
  return roles.filter((role) => identitiesForRole(bindings, role).includes(identity));
}
