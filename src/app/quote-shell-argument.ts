// Characters no POSIX shell gives a meaning inside a word; anything else is quoted.
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * One argument as a POSIX shell (sh, bash, zsh) reads it back unchanged: bare when every
 * character is inert, else in single quotes, inside which nothing expands (`'` becomes `'\''`).
 * Every command Bascule prints for a person to paste goes through it.
 */
export function quoteShellArgument(text: string): string {
  return SAFE.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

/** A command line of arguments, each quoted for a POSIX shell. */
export function quoteShellCommand(words: readonly string[]): string {
  return words.map(quoteShellArgument).join(" ");
}
