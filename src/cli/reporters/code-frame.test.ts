import { describe, expect, it } from "vitest";
import { renderCodeFrame } from "./code-frame.js";
import { SourceLines } from "./source-lines.js";

const at = (line: number, column: number, endColumn = column + 1) => ({ line, column, endLine: line, endColumn });

describe("renderCodeFrame", () => {
  it("shows the line before and after, with a caret under the span", () => {
    expect(renderCodeFrame("a: 1\nb: two\nc: 3\n", at(2, 4, 7))).toBe(["  1 | a: 1", "> 2 | b: two", "    |    ^^^", "  3 | c: 3"].join("\n"));
  });

  it("reads Windows line ends as the same lines", () => {
    expect(renderCodeFrame("a: 1\r\nb: two\r\nc: 3\r\n", at(2, 4, 7))).toBe(renderCodeFrame("a: 1\nb: two\nc: 3\n", at(2, 4, 7)));
  });

  it("gives the same frame from lines found once as from the text", () => {
    const text = Array.from({ length: 50 }, (_, i) => `key_${i}: value ${i}`).join("\n");
    const lines = new SourceLines(text);
    for (const line of [1, 25, 50]) expect(renderCodeFrame(lines, at(line, 3))).toBe(renderCodeFrame(text, at(line, 3)));
  });

  it("stops at the last line", () => {
    expect(renderCodeFrame("a: 1\nb: 2", at(2, 4))).toBe(["  1 | a: 1", "> 2 | b: 2", "    |    ^"].join("\n"));
  });

  it("cuts a long line to a window around the column, tabs shown as spaces", () => {
    const line = `${"\t".repeat(200)}x: 1${"y".repeat(200)}`;
    const frame = renderCodeFrame(line, at(1, 201, 202)).split("\n");
    expect(frame[0]).toBe(`> 1 | …${" ".repeat(60)}x: 1${"y".repeat(56)}…`);
    expect(frame[1]).toBe(`    | ${" ".repeat(61)}^`);
  });
});

describe("SourceLines", () => {
  it("counts a final line break as one more, empty line", () => {
    const lines = new SourceLines("a\nb\n");
    expect([lines.count, lines.line(1), lines.line(2), lines.line(3), lines.line(4)]).toEqual([3, "a", "b", "", ""]);
  });
});
