export type ReconcileErrorCode = "bad-source" | "key-mismatch";

/** A source misconfigured by its caller (a bug), or a database that cannot answer. */
export class ReconcileError extends Error {
  override readonly name = "ReconcileError";
  constructor(
    readonly code: ReconcileErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
