import { closeSync, openSync, readSync, statSync } from "node:fs";
import { checkPlanSize, decodePlanBytes } from "../plan/decode-plan-bytes.js";
import { type PlanDocument, parsePlanText } from "../plan/plan-document.js";
import { type SourceProblem, sourceProblem } from "../plan/source-problem.js";

export type PlanFile =
  | { readonly kind: "plan-file"; readonly path: string; readonly document: PlanDocument }
  | { readonly kind: "unreadable-plan"; readonly path: string; readonly text?: string; readonly problem: SourceProblem };

/** Reads and parses one plan file, turning every way it can be unreadable into a `SourceProblem`. */
export function readPlanFile(path: string): PlanFile {
  const bytes = readBounded(path);
  if (bytes.kind === "source-problem") return { kind: "unreadable-plan", path, problem: bytes };
  const decoded = decodePlanBytes(bytes.bytes);
  if (decoded.kind === "source-problem") return { kind: "unreadable-plan", path, problem: decoded };
  const document = parsePlanText(decoded.text);
  if (document.kind === "source-problem") {
    return { kind: "unreadable-plan", path, text: decoded.text, problem: document };
  }
  return { kind: "plan-file", path, document };
}

/** Refuses oversized files from their size alone, before reading a byte of them. */
function readBounded(path: string): { kind: "bytes"; bytes: Uint8Array } | SourceProblem {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      return sourceProblem("unreadable", "is a folder; name the plan file inside it, e.g. migration-strategy.yaml");
    }
    size = stat.size;
  } catch (error) {
    return sourceProblem("unreadable", describeFsError(error));
  }
  const tooLarge = checkPlanSize(size);
  if (tooLarge !== undefined) return tooLarge;
  const fd = openSync(path, "r");
  try {
    const bytes = new Uint8Array(size);
    let offset = 0;
    while (offset < size) {
      const read = readSync(fd, bytes, offset, size - offset, offset);
      if (read === 0) break;
      offset += read;
    }
    return { kind: "bytes", bytes: bytes.subarray(0, offset) };
  } finally {
    closeSync(fd);
  }
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    default:
      return `cannot read file (${code ?? String(error)})`;
  }
}
