/**
 * Replaces every occurrence of each non-empty secret in `text` with `***`.
 * One pass over the text with the longest secrets tried first, so a secret that contains
 * another is hidden whole and the `***` written for one secret is never rewritten by another.
 * A secret split across two chunks of streamed output is not seen: redact whole lines or texts.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const distinct = [...new Set(secrets.filter((secret) => secret.length > 0))];
  if (distinct.length === 0) return text;
  distinct.sort((a, b) => b.length - a.length);
  const pattern = new RegExp(distinct.map(escapeRegExp).join("|"), "g");
  return text.replace(pattern, "***");
}

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
