/** The outcome of parsing one user-written value: parsers return this instead of throwing. */
export type ParseResult<T> = Ok<T> | Invalid;

export type Ok<T> = { readonly kind: "ok"; readonly value: T };

/** `reason` is a short sentence for the user: what is wrong and what form is accepted. */
export type Invalid = { readonly kind: "invalid"; readonly reason: string };

export function ok<T>(value: T): Ok<T> {
  return { kind: "ok", value };
}

export function invalid(reason: string): Invalid {
  return { kind: "invalid", reason };
}
