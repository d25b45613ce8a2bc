/**
 * The lines of one text, found once: a reporter showing source for thousands of findings
 * reads each line directly instead of splitting the whole file again for every finding.
 */
export class SourceLines {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }

  /** How many lines the text has; a final newline starts one more, empty line. */
  get count(): number {
    return this.starts.length;
  }

  /** Line `n` (1-based) without its line break, or "" past the end. */
  line(n: number): string {
    const start = this.starts[n - 1];
    if (start === undefined) return "";
    const next = this.starts[n];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end > start && this.text.charCodeAt(end - 1) === 13 ? end - 1 : end);
  }
}
