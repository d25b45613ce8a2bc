import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { repoRoot, runCliCaptured } from "../../testing/run-cli-captured.js";

describe("bascule schema", () => {
  it("prints the JSON Schema that the repository ships for editors, unchanged", async () => {
    const { exitCode, stdout } = await runCliCaptured(["schema"]);
    expect(exitCode).toBe(0);
    // examples/ point editors at this file; regenerate it with `bascule schema > schema/migration-strategy.schema.json`.
    expect(stdout).toBe(readFileSync(`${repoRoot}schema/migration-strategy.schema.json`, "utf8"));
    expect(JSON.parse(stdout).$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });
});
