/**
 * Why a plan file could not be read as a plan at all: these end the command with exit 2 and
 * one line of explanation, where lint diagnostics would be meaningless.
 */
export type SourceProblemCode = "unreadable" | "too-large" | "binary" | "empty" | "yaml-syntax" | "not-a-mapping" | "too-deep" | "alias-expansion";

export interface SourceProblem {
  readonly kind: "source-problem";
  readonly code: SourceProblemCode;
  readonly message: string;
  /** 1-based, when the problem has a place in the text. */
  readonly line?: number;
  readonly column?: number;
}

export function sourceProblem(code: SourceProblemCode, message: string, position?: { line: number; column: number }): SourceProblem {
  return { kind: "source-problem", code, message, ...position };
}
