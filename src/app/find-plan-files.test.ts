import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findPlanFiles } from "./find-plan-files.js";

describe("findPlanFiles", () => {
  it("finds migration-strategy*.yaml and .yml below a folder, sorted, past node_modules, dot folders and link cycles", () => {
    const dir = mkdtempSync(join(tmpdir(), "bascule-find-plans-"));
    const files = [
      "migration-strategy.yaml",
      "teams/cart/migration-strategy.staging.yml",
      "teams/cart/migration-strategy-v2.yaml",
      "teams/cart/bascule.config.yaml",
      "teams/cart/strategy.yaml",
      "node_modules/x/migration-strategy.yaml",
      ".git/migration-strategy.yaml",
      "teams/.drafts/migration-strategy.yaml",
    ];
    for (const file of files) {
      mkdirSync(join(dir, file, ".."), { recursive: true });
      writeFileSync(join(dir, file), "metadata: {}\n");
    }
    symlinkSync(dir, join(dir, "teams/loop"));
    expect(findPlanFiles(dir)).toEqual([
      join(dir, "migration-strategy.yaml"),
      join(dir, "teams/cart/migration-strategy-v2.yaml"),
      join(dir, "teams/cart/migration-strategy.staging.yml"),
    ]);
  });
});
