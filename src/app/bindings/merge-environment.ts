import type { PlanPath } from "../../plan/plan-path.js";
import type { BindingsFile, BindingsOverlay } from "./bindings-schema.js";

/** A value and where it was written, so a later check can point at it. */
export interface Placed<T> {
  readonly value: T;
  readonly path: PlanPath;
}

type Entry<K extends MapKey> = NonNullable<BindingsOverlay[K]>[string];
type MapKey = "systems" | "checks" | "metrics" | "data_migrations" | "approvers" | "env";
type ScalarKey = Exclude<keyof BindingsOverlay, MapKey>;

/** The top level with the chosen environment laid over it; maps hold one `Placed` per entry. */
export type MergedBindings = { readonly [K in MapKey]: ReadonlyMap<string, Placed<Entry<K>>> } & {
  readonly [K in ScalarKey]?: Placed<NonNullable<BindingsOverlay[K]>>;
};

/**
 * Lays `environments[environment]` over the top level: maps (`systems`, `checks`, `metrics`,
 * `approvers`, `env`) merge entry by entry, every other key is replaced whole. A key set to
 * nothing in the environment (`checks:`) leaves the top level's value in place.
 */
export function mergeEnvironment(file: BindingsFile, environment: string | undefined): MergedBindings {
  const layers: Array<{ overlay: BindingsOverlay; path: PlanPath }> = [{ overlay: file, path: [] }];
  const chosen = environment === undefined ? undefined : file.environments?.[environment];
  if (environment !== undefined && chosen) layers.push({ overlay: chosen, path: ["environments", environment] });
  return {
    systems: mergeMap(layers, "systems"),
    checks: mergeMap(layers, "checks"),
    metrics: mergeMap(layers, "metrics"),
    data_migrations: mergeMap(layers, "data_migrations"),
    approvers: mergeMap(layers, "approvers"),
    env: mergeMap(layers, "env"),
    sql_system: pickLast(layers, "sql_system"),
    approval: pickLast(layers, "approval"),
    idempotent_steps: pickLast(layers, "idempotent_steps"),
    time_scale: pickLast(layers, "time_scale"),
    command_timeout: pickLast(layers, "command_timeout"),
    prometheus: pickLast(layers, "prometheus"),
  };
}

type Layers = ReadonlyArray<{ overlay: BindingsOverlay; path: PlanPath }>;

function mergeMap<K extends MapKey>(layers: Layers, key: K): Map<string, Placed<Entry<K>>> {
  const merged = new Map<string, Placed<Entry<K>>>();
  for (const { overlay, path } of layers) {
    const entries = (overlay[key] ?? {}) as Record<string, Entry<K>>;
    for (const [name, value] of Object.entries(entries)) merged.set(name, { value, path: [...path, key, name] });
  }
  return merged;
}

function pickLast<K extends ScalarKey>(layers: Layers, key: K): Placed<NonNullable<BindingsOverlay[K]>> | undefined {
  let picked: Placed<NonNullable<BindingsOverlay[K]>> | undefined;
  for (const { overlay, path } of layers) {
    const value = overlay[key];
    if (value !== null && value !== undefined) picked = { value, path: [...path, key] };
  }
  return picked;
}
