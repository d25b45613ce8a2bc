import { describe, expect, it } from "vitest";
import { resolveSuiteRun } from "./regression-suite-run.js";

const suite = { regression_suite_id: "REG-1", location: "tests/regression.sh", test_dataset_ids: ["DS-1", "DS-2"] };
const nothing = { boundChecks: new Map<string, string>(), isExecutableInTree: () => false, isExecutableDataset: () => false };

describe("resolveSuiteRun", () => {
  it("prefers a command bound to the suite id", () => {
    const lookup = { ...nothing, boundChecks: new Map([["REG-1", "npm test"]]), isExecutableInTree: () => true };
    expect(resolveSuiteRun(suite, lookup)).toEqual({ kind: "command", command: "npm test" });
  });

  it("runs the location when it is an executable file in the plan's tree", () => {
    expect(resolveSuiteRun(suite, { ...nothing, isExecutableInTree: (p) => p === "tests/regression.sh" })).toEqual({ kind: "script", path: "tests/regression.sh" });
  });

  it("falls back to the executable datasets, then to an attestation", () => {
    expect(resolveSuiteRun(suite, { ...nothing, isExecutableDataset: (id) => id === "DS-2" })).toEqual({ kind: "datasets", datasetIds: ["DS-2"] });
    expect(resolveSuiteRun(suite, nothing)).toEqual({ kind: "attest" });
  });
});
