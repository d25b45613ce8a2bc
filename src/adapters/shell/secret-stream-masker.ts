import { secretMask, secretPattern } from "./redact-secrets.js";

/**
 * Masks secrets in text that arrives in chunks (a command's output) exactly as
 * `redactSecrets` masks the whole text at once, so a secret split across chunks is caught.
 *
 * `write` returns at once everything that can no longer be part of a secret and holds back
 * only a tail that could still grow into one (at most the longest secret's length minus one),
 * releasing it as soon as the next text rules that out. A line end releases everything held
 * unless a secret itself spans lines, since no prefix of a one-line secret ends in a newline.
 * `end` masks and returns what is held when the stream is over.
 */
export class SecretStreamMasker {
  readonly #pattern: RegExp | undefined;
  /** Distinct non-empty secrets, longest first. */
  readonly #secrets: readonly string[];
  readonly #longest: number;
  #held = "";

  constructor(secrets: readonly string[]) {
    this.#pattern = secretPattern(secrets);
    this.#secrets = [...new Set(secrets.filter((secret) => secret.length > 0))].sort((a, b) => b.length - a.length);
    this.#longest = this.#secrets[0]?.length ?? 0;
  }

  /** The text held back, waiting to see whether it is the start of a secret. */
  get held(): string {
    return this.#held;
  }

  /** Takes the next chunk; returns the masked text that is now safe to show. */
  write(text: string): string {
    const pattern = this.#pattern;
    if (pattern === undefined) return text;
    const buffer = this.#held + text;
    let out = "";
    let at = 0;
    // Every position before `open` is decided; from `open` on the text may still begin a secret.
    let open = this.#openTail(buffer, 0);
    for (;;) {
      pattern.lastIndex = at;
      const match = pattern.exec(buffer);
      if (match === null || match.index >= open) break;
      out += buffer.slice(at, match.index) + secretMask;
      at = match.index + match[0].length;
      if (open < at) open = this.#openTail(buffer, at);
    }
    this.#held = buffer.slice(open);
    return out + buffer.slice(at, open);
  }

  /** Ends the stream: returns what was held, masked. */
  end(): string {
    const rest = this.#held;
    this.#held = "";
    return this.#pattern === undefined ? rest : rest.replace(this.#pattern, secretMask);
  }

  /**
   * The first position at or after `from` where the rest of `buffer` is a proper prefix of a
   * secret (more text could complete it), or `buffer.length` when there is none.
   */
  #openTail(buffer: string, from: number): number {
    for (let start = Math.max(from, buffer.length - this.#longest + 1); start < buffer.length; start++) {
      const rest = buffer.slice(start);
      for (const secret of this.#secrets) {
        if (secret.length <= rest.length) break;
        if (secret.startsWith(rest)) return start;
      }
    }
    return buffer.length;
  }
}
