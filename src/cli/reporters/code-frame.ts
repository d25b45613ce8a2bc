import { SourceLines } from "./source-lines.js";

const maxWidth = 120;

/**
 * A few lines of source around a position, with a caret under the offending span. Pass the
 * file's `SourceLines` when rendering many frames of it, so each frame costs only its lines.
 */
export function renderCodeFrame(
  source: string | SourceLines,
  at: { line: number; column: number; endLine: number; endColumn: number },
  paint: (s: string) => string = (s) => s,
): string {
  const lines = typeof source === "string" ? new SourceLines(source) : source;
  const first = Math.max(1, at.line - 1);
  const last = Math.min(lines.count, at.line + 1);
  const width = String(last).length;
  // Very long lines (minified or generated YAML) are cut to a window around the column.
  const offset = Math.max(0, at.column - 1 - maxWidth / 2);
  const clip = (line: string) => {
    // Cut before replacing tabs (one character each way), so a huge line costs only the window.
    const visible = line.slice(offset, offset + maxWidth).replace(/\t/g, " ");
    return `${offset > 0 ? "…" : ""}${visible}${line.length > offset + maxWidth ? "…" : ""}`;
  };
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const shown = clip(lines.line(n));
    out.push(`${n === at.line ? ">" : " "} ${String(n).padStart(width)} |${shown === "" ? "" : ` ${shown}`}`);
    if (n === at.line) {
      const start = at.column - offset + (offset > 0 ? 1 : 0);
      const end = at.endLine === at.line ? at.endColumn - offset + (offset > 0 ? 1 : 0) : shown.length + 1;
      const span = Math.max(1, Math.min(end, shown.length + 1) - start);
      out.push(`  ${" ".repeat(width)} | ${" ".repeat(Math.max(0, start - 1))}${paint("^".repeat(span))}`);
    }
  }
  return out.join("\n");
}
