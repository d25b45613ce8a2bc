import type { PlanPath } from "./plan-path.js";

export interface SourcePosition {
  /** 1-based line and column of the start, and of the end (exclusive). */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** False when the exact path is absent and the nearest enclosing value was used. */
  readonly exact: boolean;
}

export type LocateTarget = "value" | "key";

/** Mappings with at most this many keys and values are scanned; larger ones get a key index. */
const smallMapping = 32;

/** The slice of js-yaml's loader state a listener reads. */
interface LoaderState {
  readonly position: number;
  readonly result: unknown;
}

/**
 * Records where every YAML node starts and ends while js-yaml loads the text, through its
 * `listener` hook: positions for a fifth more load time, instead of a second parse with a
 * position-keeping parser an order of magnitude slower.
 */
export class PositionIndex {
  private count = 0;
  private starts = new Int32Array(1024);
  private ends = new Int32Array(1024);
  private parents = new Int32Array(1024);
  private values: unknown[] = [];
  private readonly open: number[] = [];
  /** The deepest nesting seen while loading. */
  maxDepth = 0;
  private children: number[][] | undefined;
  private keyIndexes: Map<number, Map<string, number>> | undefined;
  private trimmed: Map<number, readonly [number, number]> | undefined;
  private anchors: Map<object, number> | undefined;
  private lineStarts: number[] | undefined;

  constructor(private readonly text: string) {}

  /** Pass as js-yaml's `listener` option. */
  readonly listener = (event: "open" | "close", state: LoaderState): void => {
    if (event === "open") {
      const id = this.count++;
      if (id === this.starts.length) this.grow();
      this.starts[id] = state.position;
      this.parents[id] = this.open.length === 0 ? -1 : (this.open[this.open.length - 1] as number);
      this.open.push(id);
      if (this.open.length > this.maxDepth) this.maxDepth = this.open.length;
    } else {
      const id = this.open.pop() as number;
      this.ends[id] = state.position;
      // Only a reference: scalars match mapping keys, containers tell lists from mappings.
      this.values[id] = state.result;
    }
  };

  /** Where the value (or its key) at `path` was written; the nearest ancestor when absent. */
  locate(path: PlanPath, target: LocateTarget = "value"): SourcePosition {
    if (this.count === 0) return this.position(0, 0, false);
    let node = 0;
    let keyNode = -1;
    let exact = true;
    for (const segment of path) {
      const step = this.childOf(node, segment);
      if (step === undefined) {
        exact = false;
        break;
      }
      node = step.value;
      keyNode = step.key;
    }
    if (exact && target === "key" && keyNode >= 0) return this.span(keyNode, true);
    const value = this.span(node, exact);
    // `key:` with nothing after it has no text of its own: point at the key.
    if (exact && keyNode >= 0 && value.line !== this.span(keyNode, true).line && this.values[node] === null) {
      return this.span(keyNode, true);
    }
    return value;
  }

  private childOf(node: number, segment: string | number): { key: number; value: number } | undefined {
    const target = this.resolveAlias(this.unwrap(node));
    const kids = this.childrenOf(target);
    if (typeof segment === "number" && Array.isArray(this.values[target])) {
      const item = kids[segment];
      return item === undefined ? undefined : { key: -1, value: item };
    }
    const name = String(segment);
    if (kids.length <= smallMapping) {
      for (let i = 0; i + 1 < kids.length; i += 2) {
        const key = kids[i] as number;
        if (String(this.values[key]) === name) return { key, value: kids[i + 1] as number };
      }
      return undefined;
    }
    const i = this.keyIndexOf(target, kids).get(name);
    return i === undefined ? undefined : { key: kids[i] as number, value: kids[i + 1] as number };
  }

  /** A large mapping's keys, indexed on its first lookup, so finding a key never scans its siblings. */
  private keyIndexOf(node: number, kids: readonly number[]): Map<string, number> {
    this.keyIndexes ??= new Map();
    let index = this.keyIndexes.get(node);
    if (index === undefined) {
      index = new Map();
      for (let i = 0; i + 1 < kids.length; i += 2) {
        const name = String(this.values[kids[i] as number]);
        if (!index.has(name)) index.set(name, i);
      }
      this.keyIndexes.set(node, index);
    }
    return index;
  }

  /** js-yaml nests a flow collection inside the block node holding it: same value, one child. */
  private unwrap(node: number): number {
    let current = node;
    for (;;) {
      const kids = this.childrenOf(current);
      if (kids.length !== 1 || this.values[kids[0] as number] !== this.values[current]) return current;
      current = kids[0] as number;
    }
  }

  /** An alias is a node with the anchor's value and no children: continue at the anchor. */
  private resolveAlias(node: number): number {
    const value = this.values[node];
    if (value === null || typeof value !== "object" || this.childrenOf(node).length > 0) return node;
    if (this.anchors === undefined) {
      this.anchors = new Map();
      for (let id = 0; id < this.count; id++) {
        const v = this.values[id];
        if (v !== null && typeof v === "object" && !this.anchors.has(v)) this.anchors.set(v, id);
      }
    }
    return this.anchors.get(value) ?? node;
  }

  /** A mapping's children alternate key, value; a list's are its items. */
  private childrenOf(node: number): number[] {
    if (this.children === undefined) {
      this.children = Array.from({ length: this.count }, () => []);
      for (let id = 1; id < this.count; id++) {
        const parent = this.parents[id] as number;
        if (parent >= 0) (this.children[parent] as number[]).push(id);
      }
    }
    return this.children[node] ?? [];
  }

  /** Skips the blanks and comments js-yaml had not yet consumed when the node opened. */
  private contentStart(node: number): number {
    const end = this.ends[node] as number;
    let i = this.starts[node] as number;
    while (i < end) {
      const c = this.text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else if (c === 35) {
        while (i < end && this.text.charCodeAt(i) !== 10) i++;
      } else break;
    }
    return i;
  }

  private span(node: number, exact: boolean): SourcePosition {
    // Kept per node: many findings can fall back to one node preceded or followed by long blanks.
    this.trimmed ??= new Map();
    let bounds = this.trimmed.get(node);
    if (bounds === undefined) {
      const start = this.contentStart(node);
      let end = this.ends[node] as number;
      while (end > start && /\s/.test(this.text[end - 1] ?? "")) end--;
      bounds = [start, Math.max(end, start + 1)];
      this.trimmed.set(node, bounds);
    }
    return this.position(bounds[0], bounds[1], exact);
  }

  private position(start: number, end: number, exact: boolean): SourcePosition {
    const a = this.lineColumn(start);
    const b = this.lineColumn(end);
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column, exact };
  }

  private lineColumn(offset: number): { line: number; column: number } {
    if (this.lineStarts === undefined) {
      this.lineStarts = [0];
      for (let i = this.text.indexOf("\n"); i !== -1; i = this.text.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
    }
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (this.lineStarts[low] as number) + 1 };
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const resize = (from: Int32Array) => {
      const to = new Int32Array(size);
      to.set(from);
      return to;
    };
    this.starts = resize(this.starts);
    this.ends = resize(this.ends);
    this.parents = resize(this.parents);
  }
}
