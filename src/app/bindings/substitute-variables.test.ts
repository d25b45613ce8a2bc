import { describe, expect, it } from "vitest";
import { substituteVariables } from "./substitute-variables.js";

const env = { USER: "app", EMPTY: "", HOST: "db.internal" };

describe("substituteVariables", () => {
  it.each([
    ["plain text", "no variables here", "no variables here"],
    ["a set variable", "postgres://${USER}@${HOST}/x", "postgres://app@db.internal/x"],
    ["a set but empty variable", "[${EMPTY}]", "[]"],
    ["a default for an unset variable", "${PORT:-5432}", "5432"],
    ["a default for an empty variable, as in a shell", "${EMPTY:-fallback}", "fallback"],
    ["no default when the variable is set", "${USER:-nobody}", "app"],
    ["an empty default", "[${PORT:-}]", "[]"],
    ["a reference inside a default", "${PORT:-${USER}-port}", "app-port"],
    ["$${ as a literal ${", "echo $${HOME}", "echo ${HOME}"],
    ["shell forms it does not know", "echo $HOME ${#arr[@]} ${x/y/z} $", "echo $HOME ${#arr[@]} ${x/y/z} $"],
    ["an unclosed reference", "${USER", "${USER"],
  ])("%s", (_name, text, expected) => {
    expect(substituteVariables(text, env)).toMatchObject({ kind: "substituted", text: expected });
  });

  it("reports every unknown variable and where its ${ starts, including inside defaults", () => {
    expect(substituteVariables("a ${MISSING} b ${OTHER:-${DEEP}}", env)).toEqual({
      kind: "unknown-variables",
      unknown: [
        { name: "MISSING", offset: 2 },
        { name: "DEEP", offset: 24 },
      ],
    });
  });

  it("records where each value landed in the output", () => {
    const result = substituteVariables("u=${USER};h=${PORT:-${HOST}}", env);
    expect(result).toEqual({
      kind: "substituted",
      text: "u=app;h=db.internal",
      substitutions: [
        { name: "USER", value: "app", start: 2, end: 5 },
        { name: "HOST", value: "db.internal", start: 8, end: 19 },
        { name: "PORT", value: "db.internal", start: 8, end: 19 },
      ],
    });
  });
});
