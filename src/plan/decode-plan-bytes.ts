import { type SourceProblem, sourceProblem } from "./source-problem.js";

/** Plans are hand-written documents; 16 MiB is far past any real one and keeps memory bounded. */
export const maxPlanBytes = 16 * 1024 * 1024;

export type DecodedPlan = { readonly kind: "text"; readonly text: string } | SourceProblem;

/** Turns file bytes into text, refusing what is too big, binary or not UTF-8. */
export function decodePlanBytes(bytes: Uint8Array): DecodedPlan {
  const tooLarge = checkPlanSize(bytes.byteLength);
  if (tooLarge !== undefined) return tooLarge;
  // A NUL byte never appears in YAML text; it marks a binary file (an archive, an image, a db).
  if (bytes.subarray(0, 8192).includes(0)) {
    return sourceProblem("binary", "file is binary, not a YAML text file");
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return { kind: "text", text };
  } catch {
    return sourceProblem("binary", "file is not valid UTF-8 text; save it as UTF-8");
  }
}

/** A problem when a file of `byteLength` bytes is too large to be a plan, else undefined. */
export function checkPlanSize(byteLength: number): SourceProblem | undefined {
  if (byteLength <= maxPlanBytes) return undefined;
  return sourceProblem("too-large", `file is ${formatMiB(byteLength)}; plans larger than ${formatMiB(maxPlanBytes)} are refused`);
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
