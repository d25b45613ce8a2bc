const maxWidth = 120;

/** A few lines of source around a position, with a caret under the offending span. */
export function renderCodeFrame(
  text: string,
  at: { line: number; column: number; endLine: number; endColumn: number },
  paint: (s: string) => string = (s) => s,
): string {
  const lines = text.split(/\r?\n/, at.line + 1);
  const first = Math.max(1, at.line - 1);
  const last = Math.min(lines.length, at.line + 1);
  const width = String(last).length;
  // Very long lines (minified or generated YAML) are cut to a window around the column.
  const offset = Math.max(0, at.column - 1 - maxWidth / 2);
  const clip = (source: string) => {
    const visible = source.replace(/\t/g, " ").slice(offset, offset + maxWidth);
    return `${offset > 0 ? "…" : ""}${visible}${source.length > offset + maxWidth ? "…" : ""}`;
  };
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const source = lines[n - 1] ?? "";
    const shown = clip(source);
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
