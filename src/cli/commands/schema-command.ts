import { Command } from "@commander-js/extra-typings";
import { buildPlanJsonSchema } from "../../plan/plan-json-schema.js";
import type { CliIo } from "../cli-io.js";

export function schemaCommand(io: CliIo, setExit: (code: number) => void) {
  return new Command("schema")
    .description("print the plan format as JSON Schema (draft 2020-12), for editors and validators")
    .addHelpText("after", "\nEditors: save it as migration-strategy.schema.json and add to the top of a plan:\n  # yaml-language-server: $schema=./migration-strategy.schema.json")
    .action(() => {
      io.stdout(`${JSON.stringify(buildPlanJsonSchema(), null, 2)}\n`);
      setExit(0);
    });
}
