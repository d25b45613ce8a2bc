import { type Bindings, type BoundSystem, bindingsFileName } from "./bindings.js";

export type SqlSystem =
  | { readonly kind: "system"; readonly name: string; readonly url: string; readonly connection: BoundSystem }
  | { readonly kind: "none"; readonly message: string };

/**
 * Where the SQL commands and `.sql` scripts of step `stepId` run: `sql_system`, else the
 * only bound system. Never a guess among several: the message says what to add instead.
 */
export function resolveSqlSystem(bindings: Pick<Bindings, "systems" | "sqlSystem">, stepId: string): SqlSystem {
  const names = [...bindings.systems.keys()];
  const name = bindings.sqlSystem ?? (names.length === 1 ? names[0] : undefined);
  const connection = name === undefined ? undefined : bindings.systems.get(name);
  if (name !== undefined && connection !== undefined) return { kind: "system", name, url: connection.url, connection };
  const step = `step ${stepId} runs SQL`;
  if (bindings.sqlSystem !== undefined) {
    return { kind: "none", message: `${step} on sql_system ${JSON.stringify(bindings.sqlSystem)}, which ${bindingsFileName} does not bind; add it under systems:` };
  }
  if (names.length === 0) {
    return {
      kind: "none",
      message: `${step}, but ${bindingsFileName} binds no system; add one, e.g. systems: { "Cart Database": { url: "sqlite:cart.db" } }`,
    };
  }
  const listed = names.map((n) => JSON.stringify(n)).join(", ");
  return {
    kind: "none",
    message: `${step}, but ${bindingsFileName} binds ${names.length} systems (${listed}) and names none as sql_system; add sql_system: ${JSON.stringify(names[0])} (or another)`,
  };
}
