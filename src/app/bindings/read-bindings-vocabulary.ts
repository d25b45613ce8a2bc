import type { BindingsVocabulary } from "../../plan/check-kind.js";
import { type LoadedBindings, readBindingsFile } from "./load-bindings.js";

export interface BindingsVocabularyOptions {
  /** `--config`; else `bascule.config.yaml` beside the plan, when there is one. */
  readonly configPath?: string;
  /** `--env`: the bindings' environment to merge. */
  readonly environment?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where a relative `--config` starts. */
  readonly cwd?: string;
}

export interface ReadBindingsVocabulary {
  /** What makes checks automatic; undefined when there are no usable bindings. */
  readonly vocabulary: BindingsVocabulary | undefined;
  /** The bindings could not be read: their checks count as unbound. */
  readonly invalid?: Extract<LoadedBindings, { kind: "invalid" }>;
}

/**
 * The bindings' metric names and bound checks, which decide how many checks are automatic:
 * the one reading `lint` and `plan` share, so both count the same.
 */
export function readBindingsVocabulary(planDir: string, options: BindingsVocabularyOptions): ReadBindingsVocabulary {
  const loaded = readBindingsFile(options.configPath, { planDir, environment: options.environment, env: options.env, cwd: options.cwd });
  if (loaded.kind === "invalid") return { vocabulary: undefined, invalid: loaded };
  return { vocabulary: { metricNames: [...loaded.bindings.metrics.keys()], checks: loaded.bindings.checks } };
}
