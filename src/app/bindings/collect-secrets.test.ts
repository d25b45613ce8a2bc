import { describe, expect, it } from "vitest";
import { collectSecrets, sortSecrets } from "./collect-secrets.js";
import { substituteVariables } from "./substitute-variables.js";

function secretsOf(text: string, env: Record<string, string>): string[] {
  const result = substituteVariables(text, env);
  if (result.kind !== "substituted") throw new Error("unexpected unknown variable");
  return collectSecrets(result.text, result.substitutions);
}

describe("collectSecrets", () => {
  it.each(["DB_PASSWORD", "client_secret", "GITHUB_TOKEN", "api_key", "AWS_CREDENTIALS"])("%s looks secret", (name) => {
    expect(secretsOf(`--flag=\${${name}}`, { [name]: "v4lue" })).toEqual(["v4lue"]);
  });

  it("takes a default used for a secret-looking variable", () => {
    expect(secretsOf("${DB_PASSWORD:-changeme}", {})).toEqual(["changeme"]);
  });

  it("leaves ordinary variables alone", () => {
    expect(secretsOf("${PATH}:${HOME}/bin", { PATH: "/usr/bin", HOME: "/home/me" })).toEqual([]);
  });

  it("takes every value substituted into a URL's user name or password, not into its host", () => {
    expect(secretsOf("postgres://${U}:${P}@${H}/db", { U: "app", P: "pw", H: "db.internal" })).toEqual(["app", "pw"]);
  });

  it("takes a literal password, raw and percent-decoded, but not a literal user name", () => {
    expect(secretsOf("postgresql://app:p%23ss@db/x", {})).toEqual(["p%23ss", "p#ss"]);
    expect(secretsOf("postgresql://app@db/x", {})).toEqual([]);
  });

  it("reads the userinfo up to the last @, as URL parsers do", () => {
    expect(secretsOf("postgres://app:${P}@db/x", { P: "a@b" })).toEqual(["a@b"]);
  });
});

describe("sortSecrets", () => {
  it("drops duplicates and empty strings and puts the longest first", () => {
    expect(sortSecrets(["pw", "", "longer-secret", "pw", "abc"])).toEqual(["longer-secret", "abc", "pw"]);
  });
});
