import { type CheckVocabulary, classifyCheck, isAutomaticCheck } from "../plan/check-kind.js";
import type { ExplainedCheck, WatchedCheck } from "./plan-explanation.js";

/** One check string as condition, reference or attestation (SEMANTICS section 2). */
export function explainCheck(text: string, vocabulary: CheckVocabulary): ExplainedCheck {
  const kind = classifyCheck(text, vocabulary);
  const automatic = isAutomaticCheck(kind);
  switch (kind.kind) {
    case "condition":
      return { text, kind: "condition", automatic, metric: kind.condition.metric };
    case "reference":
      return { text, kind: "reference", automatic, target: kind.target.id };
    case "attestation":
      return { text, kind: "attestation", automatic };
  }
}

export function explainChecks(texts: readonly string[] | null | undefined, vocabulary: CheckVocabulary): ExplainedCheck[] {
  return (texts ?? []).map((text) => explainCheck(text, vocabulary));
}

/** A check the run reads in the background: what needs a person cannot be watched, nor can a reference, which the journal answers once. */
export function explainWatchedCheck(text: string, vocabulary: CheckVocabulary): WatchedCheck {
  const check = explainCheck(text, vocabulary);
  return { ...check, watched: check.automatic && check.kind !== "reference" };
}
