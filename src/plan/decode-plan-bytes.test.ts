import { describe, expect, it } from "vitest";
import { checkPlanSize, decodePlanBytes, maxPlanBytes } from "./decode-plan-bytes.js";

describe("decodePlanBytes", () => {
  it("decodes UTF-8 text and drops a byte-order mark", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("name: café\n")]);
    expect(decodePlanBytes(bytes)).toEqual({ kind: "text", text: "name: café\n" });
  });

  it("refuses binary content and invalid UTF-8", () => {
    expect(decodePlanBytes(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]))).toMatchObject({ code: "binary" });
    expect(decodePlanBytes(new Uint8Array([0x61, 0x3a, 0x20, 0xff, 0xfe]))).toMatchObject({ code: "binary" });
  });

  it("refuses files over the size limit from their size alone", () => {
    expect(checkPlanSize(maxPlanBytes)).toBeUndefined();
    expect(checkPlanSize(50 * 1024 * 1024)).toMatchObject({
      code: "too-large",
      message: "file is 50.0 MiB; plans larger than 16.0 MiB are refused",
    });
  });
});
