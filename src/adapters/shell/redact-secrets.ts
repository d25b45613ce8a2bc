/** What a secret is replaced with. */
export const secretMask = "***";

/**
 * Replaces every occurrence of each non-empty secret in `text` with `***`.
 * One pass over the text with the longest secrets tried first, so a secret that contains
 * another is hidden whole and the `***` written for one secret is never rewritten by another.
 * For output that arrives in chunks use `SecretStreamMasker`, which masks the whole stream alike.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const pattern = secretPattern(secrets);
  return pattern === undefined ? text : text.replace(pattern, secretMask);
}

/**
 * The global pattern `redactSecrets` masks with: the distinct non-empty secrets as literals,
 * longest first, so at any position the longest secret there wins; undefined when there are none.
 */
export function secretPattern(secrets: readonly string[]): RegExp | undefined {
  const distinct = [...new Set(secrets.filter((secret) => secret.length > 0))];
  if (distinct.length === 0) return undefined;
  distinct.sort((a, b) => b.length - a.length);
  return new RegExp(distinct.map(escapeRegExp).join("|"), "g");
}

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
