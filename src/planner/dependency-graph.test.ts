import { describe, expect, it } from "vitest";
import { findCycles } from "./dependency-graph.js";

/** A graph from `{ node: [dependencies] }`, in key order. */
const cyclesOf = (graph: Record<string, string[]>) => findCycles(Object.keys(graph), (node) => graph[node] ?? []);

describe("findCycles", () => {
  it("finds nothing in an empty or acyclic graph", () => {
    expect(cyclesOf({})).toEqual([]);
    expect(cyclesOf({ A: ["B", "C"], B: ["C"], C: [] })).toEqual([]);
  });

  it("lists a cycle in edge order, starting from its first node in the list", () => {
    expect(cyclesOf({ A: ["B"], B: ["C"], C: ["A"] })).toEqual([["A", "B", "C"]]);
    expect(cyclesOf({ C: ["A"], A: ["B"], B: ["C"] })).toEqual([["C", "A", "B"]]);
  });

  it("reports a self-loop as a cycle of one node", () => {
    expect(cyclesOf({ A: ["A"], B: [] })).toEqual([["A"]]);
  });

  it("reports a self-loop and the longer cycle through the same node apart, self-loop first", () => {
    expect(cyclesOf({ A: ["A", "B"], B: ["A"] })).toEqual([["A"], ["A", "B"]]);
  });

  it("reports one shortest cycle per component, components in node order", () => {
    const graph = { X: ["Y"], Y: ["X"], A: ["B"], B: ["C", "A"], C: ["A"] };
    expect(cyclesOf(graph)).toEqual([
      ["X", "Y"],
      ["A", "B"],
    ]);
  });

  it("ignores edges to unknown nodes and counts duplicate nodes once", () => {
    expect(findCycles(["A", "B", "A"], (node) => (node === "A" ? ["B", "ghost"] : ["A"]))).toEqual([["A", "B"]]);
  });

  it("leaves a cycle's tail out of it", () => {
    expect(cyclesOf({ T: ["A"], A: ["B"], B: ["A"] })).toEqual([["A", "B"]]);
  });

  it("is deterministic", () => {
    const graph = { A: ["C", "B"], B: ["A"], C: ["A"], D: ["D"] };
    expect(cyclesOf(graph)).toEqual(cyclesOf(graph));
    expect(cyclesOf(graph)).toEqual([["A", "C"], ["D"]]);
  });

  it("handles a 10,000-node chain closing on itself without overflowing the stack", () => {
    const nodes = Array.from({ length: 10_000 }, (_, i) => `N${i}`);
    const [cycle, ...rest] = findCycles(nodes, (node) => [`N${(Number(node.slice(1)) + 1) % nodes.length}`]);
    expect(rest).toEqual([]);
    expect(cycle).toEqual(nodes);
  });

  it("stays linear on a 100,000-node graph with many edges", () => {
    const size = 100_000;
    const nodes = Array.from({ length: size }, (_, i) => String(i));
    const edgesOf = (node: string) => {
      const i = Number(node);
      return [i + 1, i + 2, i + 3].filter((j) => j < size).map(String);
    };
    const started = performance.now();
    expect(findCycles(nodes, edgesOf)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
