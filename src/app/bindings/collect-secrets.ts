import type { Substitution } from "./substitute-variables.js";

const secretName = /PASSWORD|SECRET|TOKEN|KEY|CREDENTIAL/i;
// `scheme://userinfo@`: greedy up to the last `@` of the authority, as URL parsers read it.
const userinfo = /[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#\s]*)@/g;

/**
 * The strings to mask in logs and output that one substituted value reveals: values of
 * variables whose names look secret, values substituted into a URL's user name or
 * password, and a password written literally in a URL.
 */
export function collectSecrets(text: string, substitutions: readonly Substitution[]): string[] {
  const secrets: string[] = [];
  for (const s of substitutions) {
    if (looksSecretName(s.name)) secrets.push(s.value);
  }
  for (const match of text.matchAll(userinfo)) {
    const info = match[1] ?? "";
    const start = (match.index ?? 0) + match[0].length - 1 - info.length;
    const end = start + info.length;
    for (const s of substitutions) {
      if (s.start < end && s.end > start) secrets.push(s.value);
    }
    const colon = info.indexOf(":");
    if (colon !== -1) {
      const password = info.slice(colon + 1);
      secrets.push(password, decodePercent(password));
    }
  }
  return [...new Set(secrets)].filter((secret) => secret !== "");
}

/** Whether a variable's name says its value is secret (`DB_PASSWORD`, `api_token`). */
export function looksSecretName(name: string): boolean {
  return secretName.test(name);
}

/** Distinct and non-empty, longest first, so masking never leaves part of a longer secret showing. */
export function sortSecrets(secrets: Iterable<string>): string[] {
  return [...new Set(secrets)].filter((secret) => secret !== "").sort((a, b) => b.length - a.length || a.localeCompare(b));
}

function decodePercent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
