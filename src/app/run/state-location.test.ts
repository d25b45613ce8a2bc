import { describe, expect, it } from "vitest";
import { parseStateLocation } from "./state-location.js";

describe("parseStateLocation", () => {
  const at = (value: string | undefined) => parseStateLocation(value, "/work", "/plans/cart");

  it("defaults to .bascule/state.db beside the plan, and reads paths against the working folder", () => {
    expect(at(undefined)).toEqual({ kind: "sqlite", path: "/plans/cart/.bascule/state.db" });
    expect(at("runs/state.db")).toEqual({ kind: "sqlite", path: "/work/runs/state.db" });
    expect(at("/var/lib/bascule.db")).toEqual({ kind: "sqlite", path: "/var/lib/bascule.db" });
  });

  it("reads sqlite:PATH and sqlite:///abs as the bindings do", () => {
    expect(at("sqlite:runs/state.db")).toEqual({ kind: "sqlite", path: "/work/runs/state.db" });
    expect(at("sqlite:///var/lib/bascule.db")).toEqual({ kind: "sqlite", path: "/var/lib/bascule.db" });
    expect(at("sqlite:")).toMatchObject({ kind: "unsupported" });
  });

  it("refuses any other URL by its scheme alone, so no password is ever repeated", () => {
    const refused = at("postgres://deploy:s3cret-pw@db/bascule");
    expect(refused).toMatchObject({ kind: "unsupported", message: expect.stringContaining("postgres:// URL") });
    expect(JSON.stringify(refused)).not.toContain("s3cret");
    expect(at("HTTPS://example.com/state")).toMatchObject({ kind: "unsupported", message: expect.stringContaining("https:// URL") });
  });
});
