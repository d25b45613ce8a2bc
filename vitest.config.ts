import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    pool: "forks",
    // The JSON report is what .ci/run counts from, so a run that executed nothing is visible.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest/results.json" },
  },
});
