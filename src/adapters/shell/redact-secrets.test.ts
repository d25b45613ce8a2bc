import { describe, expect, it } from "vitest";
import { redactSecrets } from "./redact-secrets.js";

describe("redactSecrets", () => {
  it("replaces every occurrence of each secret", () => {
    expect(redactSecrets("user=admin pass=hunter2 again hunter2", ["hunter2"])).toBe("user=admin pass=*** again ***");
  });

  it("hides the longest secret whole when one secret contains another", () => {
    expect(redactSecrets("token abcdef and abc", ["abc", "abcdef"])).toBe("token *** and ***");
  });

  it("ignores empty secrets, which would otherwise match everywhere", () => {
    expect(redactSecrets("nothing to hide", ["", ""])).toBe("nothing to hide");
  });

  it("treats secrets as literal text, not patterns", () => {
    expect(redactSecrets("p.ss(1)* and pass11", ["p.ss(1)*"])).toBe("*** and pass11");
  });

  it("never rewrites the stars it wrote for another secret", () => {
    expect(redactSecrets("key=s3cret", ["s3cret", "*"])).toBe("key=***");
  });

  it("redacts secrets spanning lines", () => {
    expect(redactSecrets("-----BEGIN\nabc\n-----END", ["-----BEGIN\nabc\n-----END"])).toBe("***");
  });
});
