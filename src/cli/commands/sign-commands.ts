import { Command, Option } from "@commander-js/extra-typings";
import type { Recorded } from "../../app/run/record-signature.js";
import type { Refusal } from "../../app/run-service/refusal.js";
import { approve as approveGate, attest as attestCheck, resolve as resolveStep } from "../../app/run-service/run-service.js";
import type { Workspace } from "../../app/run-service/workspace.js";
import type { CliIo } from "../cli-io.js";
import { refusalError, renderRemedy } from "../render-remedy.js";
import { cliActor, openWorkspaceOrExit, sessionOptions } from "../run/open-session.js";

/** `approve`, `attest` and `resolve`: record a person's word in the run's journal. */
export function signCommands(io: CliIo, version: string, setExit: (code: number) => void) {
  const finish = async (workspace: Workspace, plan: string, work: () => Promise<Recorded | Refusal>) => {
    try {
      const result = await work();
      if (result.kind === "refused") throw refusalError(result, plan);
      for (const note of result.notes) io.stderr(`note: ${note}\n`);
      const environment = workspace.session.environment;
      io.stdout(`recorded in run ${result.runId}; continue with: ${renderRemedy({ kind: "run", ...(environment ? { environment } : {}) }, plan)}\n`);
      setExit(0);
    } finally {
      await workspace.close();
    }
  };
  const approve = new Command("approve")
    .description("approve (or reject) a gate the run waits on, as one of its approver roles")
    .argument("<plan>", "the migration-strategy.yaml")
    .argument("<gate>", "the gate id, e.g. GATE-1")
    .requiredOption("--as <identity>", "who signs (an identity bound to a role, or the role's own name without bindings)")
    .option("--role <role>", "the role signed for, when the identity may fill several")
    .option("--reject", "reject the gate: it fails, and its failure_response applies")
    .option("--comment <text>", "recorded with the approval")
    .option(...sessionOptions.config)
    .option(...sessionOptions.env)
    .option(...sessionOptions.state)
    .action(async (plan, gate, options) => {
      const workspace = await openWorkspaceOrExit(io, plan, options, version);
      await finish(workspace, plan, () =>
        approveGate(workspace, { name: options.as, via: "cli" }, { gateId: gate, role: options.role, reject: options.reject === true, comment: options.comment }),
      );
    });
  const attest = new Command("attest")
    .description("attest a check the run waits on (its exact text, or a dataset id)")
    .argument("<plan>", "the migration-strategy.yaml")
    .argument("<check>", "the check's text as written in the plan")
    .option("--by <name>", "who attests (default: BASCULE_ACTOR, else the login name)")
    .option("--evidence <text>", "what shows it: a link, a file, a note; kept in the journal")
    .option("--failed", "attest that the check does NOT hold: the step or gate fails")
    .option(...sessionOptions.config)
    .option(...sessionOptions.env)
    .option(...sessionOptions.state)
    .action(async (plan, check, options) => {
      const workspace = await openWorkspaceOrExit(io, plan, options, version);
      await finish(workspace, plan, () => attestCheck(workspace, cliActor(io, options.by), { text: check, evidence: options.evidence, failed: options.failed === true }));
    });
  const resolve = new Command("resolve")
    .description("say what became of a step interrupted while it ran (in doubt)")
    .argument("<plan>", "the migration-strategy.yaml")
    .argument("<step>", "the step id")
    .addOption(new Option("--as <outcome>", "what happened").choices(["succeeded", "failed", "rerun"] as const).makeOptionMandatory())
    .option("--by <name>", "who resolves it (default: BASCULE_ACTOR, else the login name)")
    .option(...sessionOptions.config)
    .option(...sessionOptions.env)
    .option(...sessionOptions.state)
    .action(async (plan, step, options) => {
      const workspace = await openWorkspaceOrExit(io, plan, options, version);
      await finish(workspace, plan, () => resolveStep(workspace, cliActor(io, options.by), { stepId: step, as: options.as }));
    });
  return [approve, attest, resolve];
}
