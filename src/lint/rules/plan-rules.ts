import type { LintRule } from "../lint-rule.js";
import { schemaRule } from "./schema.js";
import { uniqueIdsRule } from "./unique-ids.js";
import { unknownKeyRule } from "./unknown-key.js";

/** Every rule `bascule lint` runs, in the order their findings are most useful to read. */
export const planRules: readonly LintRule[] = [schemaRule, unknownKeyRule, uniqueIdsRule];
