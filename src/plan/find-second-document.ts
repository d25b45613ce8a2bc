/**
 * Where a second YAML document starts in `text` (its `---`, or its content after a `...`),
 * as an offset; undefined when there is one document. A `---` or `...` at the start of a line
 * is always a document marker in YAML, even inside a block scalar, so reading lines suffices.
 */
export function findSecondDocument(text: string): number | undefined {
  let started = false;
  let ended = false;
  for (let at = 0; at < text.length; ) {
    const newline = text.indexOf("\n", at);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(at, end).replace(/\r$/, "");
    if (/^---(?:[ \t]|$)/.test(line)) {
      if (started) return at;
      started = true;
    } else if (/^\.\.\.(?:[ \t]|$)/.test(line)) {
      ended = started;
    } else if (!/^[ \t]*(?:#.*)?$/.test(line) && !((!started || ended) && line.startsWith("%"))) {
      if (ended) return at;
      started = true;
    }
    at = end + 1;
  }
  return undefined;
}
