import { describe, expect, it } from "vitest";
import { identitiesForRole, rolesForIdentity } from "./approver-identities.js";

const bindings = {
  approvers: new Map([
    ["DBA Lead", ["alice", "dana"]],
    ["Engineering Manager", ["bob", "alice"]],
  ]),
};

describe("identitiesForRole", () => {
  it("gives the identities bound to a role", () => {
    expect(identitiesForRole(bindings, "DBA Lead")).toEqual(["alice", "dana"]);
  });

  it("takes an unbound role as its own one identity", () => {
    expect(identitiesForRole(bindings, "Product Owner")).toEqual(["Product Owner"]);
  });

  it("matches roles exactly as written in the plan", () => {
    expect(identitiesForRole(bindings, "dba lead")).toEqual(["dba lead"]);
  });
});

describe("rolesForIdentity", () => {
  const roles = ["Engineering Manager", "DBA Lead", "Product Owner"];

  it("lists the roles of the plan an identity may fill, in the plan's order", () => {
    expect(rolesForIdentity(bindings, "alice", roles)).toEqual(["Engineering Manager", "DBA Lead"]);
    expect(rolesForIdentity(bindings, "dana", roles)).toEqual(["DBA Lead"]);
  });

  it("lets an unbound role be filled by its own name only", () => {
    expect(rolesForIdentity(bindings, "Product Owner", roles)).toEqual(["Product Owner"]);
    expect(rolesForIdentity(bindings, "DBA Lead", roles)).toEqual([]);
  });
});
