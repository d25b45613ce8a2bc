import type { Diagnostic } from "../../lint/diagnostic.js";
import type { PlanPath } from "../../plan/plan-path.js";
import type { PositionIndex, SourcePosition } from "../../plan/position-index.js";

/** The text of a bindings file and, once loaded, where each of its nodes was written. */
export interface BindingsSource {
  readonly text: string;
  readonly positions?: PositionIndex;
}

export interface PlaceOptions {
  /** Point at the key rather than its value. @default "value" */
  readonly target?: "key" | "value";
  /** Point at this text inside the value (a `${NAME`), when it is written there. */
  readonly within?: string;
  /** @default "bindings" */
  readonly rule?: string;
}

/** An error at `path` in the bindings file, placed at its key or value. */
export function bindingsDiagnostic(source: BindingsSource, path: PlanPath, message: string, options: PlaceOptions = {}): Diagnostic {
  const span = source.positions?.locate(path, options.target ?? "value");
  const place = span === undefined ? startOfFile : refine(source.text, span, options.within);
  return { rule: options.rule ?? "bindings", severity: "error", message, path, ...place };
}

type Place = Pick<Diagnostic, "line" | "column" | "endLine" | "endColumn">;

const startOfFile: Place = { line: 1, column: 1, endLine: 1, endColumn: 2 };

function refine(text: string, span: SourcePosition, within: string | undefined): Place {
  const whole = { line: span.line, column: span.column, endLine: span.endLine, endColumn: span.endColumn };
  if (within === undefined) return whole;
  const starts = lineStarts(text);
  const from = (starts[span.line - 1] ?? 0) + span.column - 1;
  const to = (starts[span.endLine - 1] ?? 0) + span.endColumn - 1;
  const found = text.slice(from, to).indexOf(within);
  if (found === -1) return whole;
  const start = toLineColumn(starts, from + found);
  const end = toLineColumn(starts, from + found + within.length);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

function toLineColumn(starts: readonly number[], offset: number): { line: number; column: number } {
  let line = 0;
  while (line + 1 < starts.length && (starts[line + 1] as number) <= offset) line++;
  return { line: line + 1, column: offset - (starts[line] as number) + 1 };
}
