import { describe, expect, it } from "vitest";
import { isPostgresUrl, maskPasswordIn, maskPostgresUrl } from "./postgres-url.js";

describe("PostgreSQL URLs", () => {
  it("knows both schemes libpq accepts", () => {
    expect(isPostgresUrl("postgres://h/db")).toBe(true);
    expect(isPostgresUrl("PostgreSQL://h/db")).toBe(true);
    expect(isPostgresUrl("sqlite:cart.db")).toBe(false);
    expect(isPostgresUrl("postgres:cart")).toBe(false);
  });

  it("masks the password in the user info and in a password parameter", () => {
    expect(maskPostgresUrl("postgres://app:s3cret@db.internal:5432/shop")).toBe("postgres://app:***@db.internal:5432/shop");
    expect(maskPostgresUrl("postgres://app:p@ss:w@rd@db/shop")).toBe("postgres://app:***@db/shop");
    expect(maskPostgresUrl("postgres://db/shop?user=app&password=s3cret&sslmode=require")).toBe("postgres://db/shop?user=app&password=***&sslmode=require");
    expect(maskPostgresUrl("postgres://app@db/shop")).toBe("postgres://app@db/shop");
  });

  it("masks the password as written and decoded wherever a message repeats it", () => {
    const url = "postgres://app:s%40cret-pw@db/shop";
    expect(maskPasswordIn("tried s%40cret-pw, then s@cret-pw", url)).toBe("tried ***, then ***");
    expect(maskPasswordIn("no password here", "postgres://app:ab@db/shop")).toBe("no password here");
  });
});
