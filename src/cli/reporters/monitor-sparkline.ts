const BARS = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] as const;

/**
 * A one-line chart of `values`, oldest first: each number scaled between the smallest and
 * the largest shown (a steady line sits in the middle), a space where a reading had no number. The last `width` values are
 * drawn, right-aligned, so a young history grows from the right as it fills.
 * @default width 30
 */
export function renderSparkline(values: readonly (number | null)[], width = 30): string {
  const shown = values.slice(-width);
  const numbers = shown.filter((v): v is number => v !== null && Number.isFinite(v));
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  const bars = shown.map((v) => {
    if (v === null || !Number.isFinite(v)) return " ";
    // A flat line sits in the middle: it says "steady", not "low".
    if (max === min) return BARS[3];
    const index = Math.round(((v - min) / (max - min)) * (BARS.length - 1));
    return BARS[index];
  });
  return `${" ".repeat(width - shown.length)}${bars.join("")}`;
}
