export { type ComparisonOperator, type Condition, evaluateCondition, normalizeMetricKey, parseCondition } from "./condition.js";
export { type DurationRange, formatDuration, parseDuration } from "./duration.js";
export { type IsoDate, parseIsoDate } from "./iso-date.js";
export { describeWindow, isWithinWindow, type MigrationWindow, parseMigrationWindow } from "./migration-window.js";
export { type Invalid, invalid, type Ok, ok, type ParseResult } from "./parse-result.js";
export { convertPercentToRatio, parseAcceptanceThreshold, parseThreshold, type Threshold } from "./percentage.js";
export { parseRateLimit, type RateLimit } from "./rate-limit.js";
