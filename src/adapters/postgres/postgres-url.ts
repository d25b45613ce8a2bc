const postgresScheme = /^postgres(?:ql)?:\/\//i;
// `scheme://user:password@`: greedy up to the last `@` of the authority, as URL parsers read it.
const userinfoPassword = /^([a-z][a-z0-9+.-]*:\/\/[^/?#:@]*):([^/?#]*)@/i;
const passwordParameter = /([?&]password=)([^&#]*)/gi;

/** True for `postgres://…` and `postgresql://…`, the two schemes libpq accepts. */
export function isPostgresUrl(url: string): boolean {
  return postgresScheme.test(url);
}

/** The URL with its password, in the user info or a `password=` parameter, shown as `***`. */
export function maskPostgresUrl(url: string): string {
  return url.replace(userinfoPassword, "$1:***@").replace(passwordParameter, "$1***");
}

/**
 * Replaces every appearance of the URL's password in `message` (as written and decoded), for
 * messages that quote what a driver or server said. Passwords shorter than 4 characters are
 * left alone: masking every "ab" in a message would make it unreadable and hide nothing.
 */
export function maskPasswordIn(message: string, url: string): string {
  let masked = message;
  for (const password of passwordsOf(url)) {
    if (password.length >= 4) masked = masked.split(password).join("***");
  }
  return masked;
}

function passwordsOf(url: string): string[] {
  const written = [userinfoPassword.exec(url)?.[2], ...[...url.matchAll(passwordParameter)].map((match) => match[2])];
  const passwords = written.filter((password): password is string => password !== undefined && password !== "");
  return [...new Set([...passwords, ...passwords.map(decodePercent)])].sort((a, b) => b.length - a.length);
}

function decodePercent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
