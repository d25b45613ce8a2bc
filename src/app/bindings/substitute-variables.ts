/** One `${NAME}` replaced: where its value landed in the output, for secret detection. */
export interface Substitution {
  readonly name: string;
  readonly value: string;
  /** Offsets in the substituted text, end exclusive. */
  readonly start: number;
  readonly end: number;
}

/** A variable with no value and no default; `offset` is where its `${` starts in the input. */
export interface UnknownVariable {
  readonly name: string;
  readonly offset: number;
}

export type SubstitutedText =
  | { readonly kind: "substituted"; readonly text: string; readonly substitutions: readonly Substitution[] }
  | { readonly kind: "unknown-variables"; readonly unknown: readonly UnknownVariable[] };

const reference = /\$\{([A-Za-z_][A-Za-z0-9_]*)(\}|:-)/y;

/**
 * Replaces `${NAME}` and `${NAME:-default}` with values from `env`. As in a shell, the
 * default applies when the variable is unset or empty, and may itself hold references.
 * `$${` writes a literal `${`; other `$` forms (`$HOME`, `${#x}`) are left alone so shell
 * commands keep them for the shell.
 */
export function substituteVariables(text: string, env: Readonly<Record<string, string | undefined>>): SubstitutedText {
  let out = "";
  const substitutions: Substitution[] = [];
  const unknown: UnknownVariable[] = [];
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf("$", i);
    if (at === -1) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, at);
    if (text.startsWith("$${", at)) {
      out += "${";
      i = at + 3;
      continue;
    }
    reference.lastIndex = at;
    const match = reference.exec(text);
    const name = match?.[1];
    const close = match === null ? -1 : match[2] === "}" ? reference.lastIndex - 1 : findClosingBrace(text, reference.lastIndex);
    if (name === undefined || close === -1) {
      out += "$";
      i = at + 1;
      continue;
    }
    i = close + 1;
    const value = env[name];
    const hasDefault = match?.[2] === ":-";
    if (value !== undefined && !(hasDefault && value === "")) {
      substitutions.push({ name, value, start: out.length, end: out.length + value.length });
      out += value;
      continue;
    }
    if (!hasDefault) {
      unknown.push({ name, offset: at });
      continue;
    }
    const defaultStart = reference.lastIndex;
    const inner = substituteVariables(text.slice(defaultStart, close), env);
    if (inner.kind === "unknown-variables") {
      unknown.push(...inner.unknown.map((u) => ({ name: u.name, offset: u.offset + defaultStart })));
      continue;
    }
    for (const s of inner.substitutions) substitutions.push({ ...s, start: s.start + out.length, end: s.end + out.length });
    substitutions.push({ name, value: inner.text, start: out.length, end: out.length + inner.text.length });
    out += inner.text;
  }
  if (unknown.length > 0) return { kind: "unknown-variables", unknown };
  return { kind: "substituted", text: out, substitutions };
}

/** The `}` closing a default that starts at `from`, skipping nested `${…}`; -1 if none. */
function findClosingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    if (text.startsWith("${", i)) {
      depth++;
      i++;
    } else if (text[i] === "}") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}
