import { z } from "zod";

/**
 * The shape of `bascule.config.yaml` as written (SEMANTICS section 1). Strict: the bindings
 * are Bascule's own format, so an unknown key is a typo, never an extension. Values that
 * need the environment (URLs, durations, metric queries) are checked after `${VAR}`
 * substitution, in `load-bindings.ts`; this schema checks only what is fixed in the text.
 * A key left empty (`checks:` with nothing under it) counts as absent.
 */
const systemSchema = z.strictObject({
  /** `sqlite:PATH` (relative to the bindings file's folder) or `postgres://…` / `postgresql://…`. */
  url: z.string(),
});

const metricSchema = z.strictObject({
  /** `command: <shell>`, `prometheus: <PromQL>` or `sql: <system>: <query>`. */
  query: z.string(),
  /** @default "ratio" */
  unit: z.enum(["ratio", "percent"]).nullish(),
  /** What a check does when a reading has no number. @default "inconclusive" (with 3 tries) */
  on_missing: z.enum(["fail", "pause", "inconclusive"]).nullish(),
  /** Readings before an `inconclusive` metric pauses the run. @default 3 */
  tries: z.number().int().min(1, { error: "must be at least 1" }).nullish(),
  /** How long one reading may take, like "10 seconds". @default "10 seconds" */
  timeout: z.string().nullish(),
});

const prometheusSchema = z.strictObject({
  /** The server that `prometheus:` metric queries go to, like `http://127.0.0.1:9090`. */
  url: z.string(),
});

const approvalSchema = z.strictObject({
  /** @default "all" */
  policy: z.enum(["all", "any"]).nullish(),
  /** @default false */
  allow_self_approval: z.boolean().nullish(),
});

/** How Bascule runs one `data_migration.migrations[]` entry on these systems. */
const dataMigrationSchema = z.strictObject({
  /** The key walked and compared, in key order; default the source table's primary key. */
  key_columns: z
    .array(z.string().min(1, { error: "must not be empty" }))
    .min(1, { error: "must name at least one column" })
    .nullish(),
  /** A SELECT compared instead of the source table (same-named columns are compared). */
  source_query: z.string().nullish(),
  /** A SELECT compared instead of the target table. */
  target_query: z.string().nullish(),
  /** Auto-tunes batch_size so one batch takes about this long, like "2 seconds". */
  target_batch_duration: z.string().nullish(),
});

const identity = z.string().min(1, { error: "must not be empty" });

const overlayShape = {
  systems: z.record(z.string(), systemSchema).nullish(),
  sql_system: z.string().nullish(),
  checks: z.record(z.string(), z.string()).nullish(),
  metrics: z.record(z.string(), metricSchema).nullish(),
  data_migrations: z.record(z.string(), dataMigrationSchema).nullish(),
  prometheus: prometheusSchema.nullish(),
  approvers: z.record(z.string(), z.array(identity).min(1, { error: "must list at least one identity" })).nullish(),
  approval: approvalSchema.nullish(),
  idempotent_steps: z.array(z.string().min(1, { error: "must not be empty" })).nullish(),
  time_scale: z.number().positive({ error: "must be greater than 0" }).nullish(),
  command_timeout: z.string().nullish(),
  // Numbers and booleans are taken as their text: `PORT: 5432` needs no quotes.
  env: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()], { error: "must be text, a number or true/false" })).nullish(),
} as const;

/** One entry of `environments`: the top-level keys, minus `environments` itself. */
export const bindingsOverlaySchema = z.strictObject(overlayShape);

export const bindingsFileSchema = z.strictObject({
  ...overlayShape,
  environments: z.record(z.string(), bindingsOverlaySchema.nullable()).nullish(),
});

export type BindingsFile = z.infer<typeof bindingsFileSchema>;
export type BindingsOverlay = z.infer<typeof bindingsOverlaySchema>;

/** The keys an environment may set; the top level also allows `environments`. */
export const overlayKeys: readonly string[] = Object.keys(overlayShape);
export const topLevelKeys: readonly string[] = [...overlayKeys, "environments"];

/** Keys whose values are maps merged entry by entry when an environment overrides them. */
export const mergedMapKeys = ["systems", "checks", "metrics", "data_migrations", "approvers", "env"] as const;
