/**
 * Cycles of a directed graph given as node ids and an edge function (`node → the nodes it
 * depends on`), one cycle per strongly connected component plus every self-loop.
 *
 * Each cycle lists its nodes in edge order, starting from the component's node that comes
 * first in `nodes`, and is a shortest cycle through that node; so `["A", "B", "C"]` means
 * A → B → C → A. A component holding several cycles yields one: breaking it and looking
 * again reveals the next, which keeps the search linear. Edges to ids missing from `nodes`
 * are ignored; duplicate nodes count once. Cycles come ordered by their first node's place
 * in `nodes` (a self-loop before a longer cycle through the same node), so the output is
 * deterministic. Iterative throughout, so deep graphs cannot overflow the call stack.
 */
export function findCycles(nodes: readonly string[], edgesOf: (node: string) => readonly string[]): string[][] {
  const ids = [...new Set(nodes)];
  const position = new Map(ids.map((id, i) => [id, i]));
  const adjacency = ids.map((id) => edgesOf(id).flatMap((target) => position.get(target) ?? []));
  const components = findStronglyConnectedComponents(adjacency);

  const found: Array<{ start: number; cycle: number[] }> = [];
  adjacency.forEach((targets, node) => {
    if (targets.includes(node)) found.push({ start: node, cycle: [node] });
  });
  for (const component of components) {
    if (component.length < 2) continue;
    const start = component.reduce((a, b) => Math.min(a, b));
    found.push({ start, cycle: findShortestCycleThrough(start, adjacency, new Set(component)) });
  }
  found.sort((a, b) => a.start - b.start || a.cycle.length - b.cycle.length);
  return found.map(({ cycle }) => cycle.map((node) => ids[node] ?? ""));
}

/** Tarjan's algorithm with an explicit stack of (node, next edge) frames. */
function findStronglyConnectedComponents(adjacency: readonly (readonly number[])[]): number[][] {
  const count = adjacency.length;
  const discovery = new Array<number>(count).fill(-1);
  const low = new Array<number>(count).fill(0);
  const onStack = new Array<boolean>(count).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let time = 0;

  for (let root = 0; root < count; root++) {
    if (discovery[root] !== -1) continue;
    const frames: Array<{ node: number; edge: number }> = [{ node: root, edge: 0 }];
    discovery[root] = low[root] = time++;
    stack.push(root);
    onStack[root] = true;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as { node: number; edge: number };
      const targets = adjacency[frame.node] ?? [];
      if (frame.edge < targets.length) {
        const next = targets[frame.edge++] as number;
        if (discovery[next] === -1) {
          discovery[next] = low[next] = time++;
          stack.push(next);
          onStack[next] = true;
          frames.push({ node: next, edge: 0 });
        } else if (onStack[next]) {
          low[frame.node] = Math.min(low[frame.node] as number, discovery[next] as number);
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent !== undefined) low[parent.node] = Math.min(low[parent.node] as number, low[frame.node] as number);
      if (low[frame.node] === discovery[frame.node]) components.push(popComponent(stack, onStack, frame.node));
    }
  }
  return components;
}

function popComponent(stack: number[], onStack: boolean[], root: number): number[] {
  const component: number[] = [];
  let node: number | undefined;
  do {
    node = stack.pop() as number;
    onStack[node] = false;
    component.push(node);
  } while (node !== root);
  return component;
}

/** Breadth-first inside one component, ignoring self-loops (reported on their own). */
function findShortestCycleThrough(start: number, adjacency: readonly (readonly number[])[], members: ReadonlySet<number>): number[] {
  const parent = new Map<number, number>([[start, start]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as number;
    for (const next of adjacency[node] ?? []) {
      if (next === node || !members.has(next)) continue;
      if (next === start) return tracePath(parent, start, node);
      if (parent.has(next)) continue;
      parent.set(next, node);
      queue.push(next);
    }
  }
  // Unreachable: every member of a component lies on a cycle through every other.
  return [start];
}

function tracePath(parent: ReadonlyMap<number, number>, start: number, end: number): number[] {
  const path = [end];
  for (let node = end; node !== start; ) {
    node = parent.get(node) as number;
    path.push(node);
  }
  return path.reverse();
}
