import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redactSecrets } from "./redact-secrets.js";
import { SecretStreamMasker } from "./secret-stream-masker.js";

/** What the masker shows of `chunks`, written in order, then ended. */
function stream(secrets: readonly string[], chunks: readonly string[]): string {
  const masker = new SecretStreamMasker(secrets);
  return chunks.map((chunk) => masker.write(chunk)).join("") + masker.end();
}

/** `text` cut at `cuts` (sorted, within the text). */
function cut(text: string, cuts: readonly number[]): string[] {
  const bounds = [0, ...cuts, text.length];
  return bounds.slice(1).map((end, i) => text.slice(bounds[i], end));
}

describe("SecretStreamMasker", () => {
  const secret = "hunter22";
  const text = `pass=${secret} ok`;

  it("masks a secret split in two at every position", () => {
    for (let i = 0; i <= text.length; i++) {
      expect(stream([secret], cut(text, [i])), `cut at ${i}`).toBe("pass=*** ok");
    }
  });

  it("masks a secret split in three at every pair of positions", () => {
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j++) {
        expect(stream([secret], cut(text, [i, j])), `cut at ${i} and ${j}`).toBe("pass=*** ok");
      }
    }
  });

  it("masks a secret that arrives one character at a time", () => {
    expect(stream([secret], [...text])).toBe("pass=*** ok");
  });

  it.each([
    { name: "overlapping secrets: the one that starts first wins", secrets: ["abcd", "cdef"], text: "xabcdefx", expected: "x***efx" },
    { name: "a secret that is a prefix of another, with the longer one whole", secrets: ["abc", "abcdef"], text: "[abcdef]", expected: "[***]" },
    { name: "a secret that is a prefix of another, with only the shorter one", secrets: ["abc", "abcdef"], text: "[abcdeX]", expected: "[***deX]" },
    { name: "a secret inside another", secrets: ["ter", "hunter22"], text: "hunter2 hunter22", expected: "hun***2 ***" },
    { name: "a secret repeated back to back", secrets: ["aa"], text: "aaaaa", expected: "******a" },
    { name: "a secret with a line end in it", secrets: ["-----BEGIN\nkey\n-----END"], text: "a\n-----BEGIN\nkey\n-----END\nb", expected: "a\n***\nb" },
    { name: "text with no secret in it", secrets: ["hunter22"], text: "hunt hunte hunter2", expected: "hunt hunte hunter2" },
  ])("$name, at every split in two", ({ secrets, text, expected }) => {
    expect(redactSecrets(text, secrets)).toBe(expected);
    for (let i = 0; i <= text.length; i++) expect(stream(secrets, cut(text, [i])), `cut at ${i}`).toBe(expected);
  });

  it("masks many secrets at once", () => {
    const secrets = Array.from({ length: 60 }, (_, i) => `token-${i}-${"x".repeat(i % 7)}`);
    const text = secrets.map((s, i) => `line ${i}: ${s}\n`).join("");
    const expected = secrets.map((_, i) => `line ${i}: ***\n`).join("");
    for (const size of [1, 2, 5, 13, 64]) {
      const chunks = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
      expect(stream(secrets, chunks), `chunks of ${size}`).toBe(expected);
    }
  });

  it("takes empty chunks anywhere without changing what it shows", () => {
    expect(stream([secret], ["", "pass=hun", "", "", "ter22", "", " ok", ""])).toBe("pass=*** ok");
    expect(stream([secret], [])).toBe("");
  });

  it("shows at once what cannot be a secret, and holds only a tail that could still become one", () => {
    const masker = new SecretStreamMasker([secret]);
    expect(masker.write("pass=hunt")).toBe("pass=");
    expect(masker.held).toBe("hunt");
    expect(masker.write("ing season")).toBe("hunting season");
    expect(masker.held).toBe("");
    expect(masker.write("next: hunter2")).toBe("next: ");
    expect(masker.held).toBe("hunter2");
    expect(masker.write("2\n")).toBe("***\n");
    expect(masker.held).toBe("");
  });

  it("holds at most the longest secret's length minus one", () => {
    const masker = new SecretStreamMasker(["ab", "abcdef"]);
    masker.write("xxabcde");
    expect(masker.held).toBe("abcde");
    masker.write("abcde".repeat(3));
    expect(masker.held.length).toBeLessThanOrEqual(5);
  });

  it("releases everything at a line end when no secret spans lines", () => {
    const masker = new SecretStreamMasker([secret, "s3cret"]);
    expect(masker.write("connecting as hunter")).toBe("connecting as ");
    expect(masker.write("\n")).toBe("hunter\n");
    expect(masker.held).toBe("");
  });

  it("shows the held tail, masked, when the stream ends", () => {
    const prefix = new SecretStreamMasker([secret]);
    expect(prefix.write("last words: hunter2")).toBe("last words: ");
    expect(prefix.end()).toBe("hunter2");
    const whole = new SecretStreamMasker(["hunter2", secret]);
    expect(whole.write("last words: hunter2")).toBe("last words: ");
    expect(whole.end()).toBe("***");
    expect(whole.end()).toBe("");
  });

  it("passes text through untouched, holding nothing, without secrets", () => {
    const masker = new SecretStreamMasker(["", ""]);
    expect(masker.write("anything at all")).toBe("anything at all");
    expect(masker.held).toBe("");
    expect(masker.end()).toBe("");
  });
});

// A small alphabet makes overlaps, shared prefixes and near misses common.
const letter = fc.constantFrom("a", "b", "c", "\n");
const secretsArbitrary = fc.array(fc.string({ unit: letter, minLength: 0, maxLength: 6 }), { maxLength: 5 });

/** Text made of random runs and copies of the secrets, so secrets do occur in it. */
function textOf(secrets: readonly string[]): fc.Arbitrary<string> {
  const piece = secrets.length === 0 ? fc.string({ unit: letter, maxLength: 4 }) : fc.oneof(fc.string({ unit: letter, maxLength: 4 }), fc.constantFrom(...secrets));
  return fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join(""));
}

const caseArbitrary = secretsArbitrary.chain((secrets) =>
  textOf(secrets).chain((text) =>
    fc.record({
      secrets: fc.constant(secrets),
      text: fc.constant(text),
      cuts: fc.uniqueArray(fc.integer({ min: 0, max: text.length }), { maxLength: 8 }).map((cuts) => [...cuts].sort((a, b) => a - b)),
    }),
  ),
);

describe("SecretStreamMasker, for any secrets and any chunking of any text", () => {
  it("shows exactly what masking the whole text at once shows", () => {
    fc.assert(
      fc.property(caseArbitrary, ({ secrets, text, cuts }) => {
        expect(stream(secrets, cut(text, cuts))).toBe(redactSecrets(text, secrets));
      }),
      { numRuns: 2000 },
    );
  });

  it("has shown, after each chunk, all of the masked text but a tail shorter than the longest secret", () => {
    fc.assert(
      fc.property(caseArbitrary, ({ secrets, text, cuts }) => {
        const masker = new SecretStreamMasker(secrets);
        const longest = Math.max(0, ...secrets.map((s) => s.length));
        let shown = "";
        let written = "";
        for (const chunk of cut(text, cuts)) {
          shown += masker.write(chunk);
          written += chunk;
          expect(masker.held.length).toBeLessThanOrEqual(Math.max(0, longest - 1));
          expect(written.endsWith(masker.held)).toBe(true);
          // What was shown plus the held tail masked on its own is the whole text masked so far.
          expect(shown + redactSecrets(masker.held, secrets)).toBe(redactSecrets(written, secrets));
        }
      }),
      { numRuns: 1000 },
    );
  });
});
