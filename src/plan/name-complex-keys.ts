/** The slice of js-yaml's loader state a listener may read and, for a key, replace. */
interface LoaderState {
  readonly position: number;
  readonly input: string;
  result: unknown;
}

type Listener = (event: "open" | "close", state: LoaderState) => void;

/**
 * Wraps a js-yaml `listener` so that a complex key (`? [a, b]`, `{a: 1}: x`) is named by its
 * source text, `[a, b]`, where js-yaml would make it `a,b` or `[object Object]`: every message
 * and path then shows the key as written. The listener sees each node as it closes, just
 * before js-yaml stores it as a key, so it is the one place the key can be renamed.
 */
export function nameComplexKeys(next: Listener): Listener {
  const starts: number[] = [];
  return (event, state) => {
    if (event === "open") starts.push(state.position);
    else {
      const start = starts.pop() ?? 0;
      const result = state.result;
      if (result !== null && typeof result === "object" && isKeyAt(state.input, start, state.position)) {
        state.result = state.input
          .slice(start, state.position)
          .trim()
          .replace(/\s*\n\s*/g, " ");
      }
    }
    next(event, state);
  };
}

/** A node is a key when `? ` comes before it or `:` follows it on its line. */
function isKeyAt(input: string, start: number, end: number): boolean {
  let before = start - 1;
  while (before >= 0 && (input[before] === " " || input[before] === "\t")) before--;
  if (input[before] === "?") return true;
  let after = end;
  while (input[after] === " " || input[after] === "\t") after++;
  return input[after] === ":";
}
