import { describe, expect, it } from "vitest";
import type { BoundSystem } from "./bindings.js";
import { resolveSqlSystem } from "./resolve-sql-system.js";

const cart: BoundSystem = { url: "sqlite:/srv/cart.db", kind: "sqlite", path: "/srv/cart.db" };
const orders: BoundSystem = { url: "postgres://db/orders", kind: "postgres" };

describe("resolveSqlSystem", () => {
  it("uses sql_system when it is set", () => {
    const systems = new Map([
      ["Cart Database", cart],
      ["orders", orders],
    ]);
    expect(resolveSqlSystem({ systems, sqlSystem: "orders" }, "STEP-1-1")).toEqual({
      kind: "system",
      name: "orders",
      url: "postgres://db/orders",
      connection: orders,
    });
  });

  it("uses the only bound system when sql_system is not set", () => {
    expect(resolveSqlSystem({ systems: new Map([["Cart Database", cart]]) }, "STEP-1-1")).toMatchObject({
      kind: "system",
      name: "Cart Database",
      url: "sqlite:/srv/cart.db",
    });
  });

  it("says what to add when no system is bound", () => {
    expect(resolveSqlSystem({ systems: new Map() }, "STEP-1-1")).toEqual({
      kind: "none",
      message: 'step STEP-1-1 runs SQL, but bascule.config.yaml binds no system; add one, e.g. systems: { "Cart Database": { url: "sqlite:cart.db" } }',
    });
  });

  it("never guesses among several systems", () => {
    const systems = new Map([
      ["Cart Database", cart],
      ["orders", orders],
    ]);
    expect(resolveSqlSystem({ systems }, "STEP-2-1")).toEqual({
      kind: "none",
      message:
        'step STEP-2-1 runs SQL, but bascule.config.yaml binds 2 systems ("Cart Database", "orders") and names none as sql_system; add sql_system: "Cart Database" (or another)',
    });
  });

  it("says so when sql_system names a system that is not bound", () => {
    expect(resolveSqlSystem({ systems: new Map([["orders", orders]]), sqlSystem: "cart" }, "STEP-1-1")).toMatchObject({
      kind: "none",
      message: expect.stringContaining('sql_system "cart", which bascule.config.yaml does not bind'),
    });
  });
});
