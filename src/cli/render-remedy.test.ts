import { describe, expect, it } from "vitest";
import { refusal } from "../app/run-service/refusal.js";
import { describeRefusal, exitCodeOfRefusal, renderRemedy, renderWaitRemedies } from "./render-remedy.js";

describe("the CLI's words for the run service's remedies and refusals", () => {
  it("renders each remedy as a command to paste, quoted, with the environment last", () => {
    const plan = "plans/my plan.yaml";
    expect(renderRemedy({ kind: "run", environment: "staging", fresh: true }, plan)).toBe("bascule run 'plans/my plan.yaml' --new --env staging");
    expect(renderRemedy({ kind: "rollback", level: "full" }, plan)).toBe("bascule rollback 'plans/my plan.yaml' --level full");
    expect(renderRemedy({ kind: "attest", text: "Dashboards look normal", environment: "prod" }, "p.yaml")).toBe(
      "bascule attest p.yaml 'Dashboards look normal' --env prod --by NAME [--evidence TEXT] [--failed]",
    );
    expect(renderRemedy({ kind: "approve", gateId: "GATE-1", role: "DBA Lead" }, "p.yaml")).toBe("bascule approve p.yaml GATE-1 --as 'DBA Lead' [--reject] [--comment TEXT]");
    expect(renderRemedy({ kind: "choose-role", roles: ["DBA Lead", "SRE"] }, "p.yaml")).toBe("--role DBA Lead|SRE");
  });

  it("says how to wait for a window or override it", () => {
    expect(renderWaitRemedies({ kind: "window", window: "Sat 02:00-04:00 UTC" }, [{ kind: "run", ignoreWindow: true }], "p.yaml")).toEqual([
      "wait for the window (Sat 02:00-04:00 UTC), or: bascule run p.yaml --ignore-window",
    ]);
  });

  it("maps reasons to SEMANTICS exit codes: the system between states is 4, a held lock 1, a bad request 2", () => {
    expect(exitCodeOfRefusal("rollback-failed")).toBe(4);
    expect(exitCodeOfRefusal("lock-held")).toBe(1);
    expect(exitCodeOfRefusal("plan-invalid")).toBe(1);
    expect(exitCodeOfRefusal("not-permitted")).toBe(2);
    expect(describeRefusal(refusal("no-run", "no run yet; start one", [{ kind: "run", environment: "staging" }]), "p.yaml")).toBe(
      "no run yet; start one; next: `bascule run p.yaml --env staging`",
    );
    expect(describeRefusal(refusal("not-waiting", "nothing waits"), "p.yaml")).toBe("nothing waits");
  });
});
