import { describe, expect, it } from "vitest";
import { boardAccessFor } from "./access";
import { signCollabToken, verifyCollabToken } from "./tokens";

describe("boardAccessFor", () => {
  it.each([
    ["admin", "board:2026-11-24", "write"],
    ["dispatcher", "board:2026-11-24", "write"],
    ["technician", "board:2026-11-24", "read"],
    ["support", "board:2026-11-24", "read"],
    ["billing", "board:2026-11-24", "none"],
    [null, "board:2026-11-24", "none"],
    ["admin", "board:2026-11-24x", "none"],
    ["admin", "invoices:2026", "none"],
    ["dispatcher", "board:24-11-2026", "none"],
  ] as const)("%s on %s → %s", (role, name, access) => expect(boardAccessFor(role, name)).toBe(access));
});

describe("collab tokens", () => {
  const now = Date.UTC(2026, 10, 24, 12);
  it("round-trips a user id until it expires", () => {
    const token = signCollabToken("user-1", "secret", now, 60);
    expect(verifyCollabToken(token, "secret", now + 59_000)).toEqual({ sub: "user-1", exp: now / 1000 + 60 });
    expect(verifyCollabToken(token, "secret", now + 60_000)).toBeNull();
  });

  it.each([
    ["another secret", (t: string) => t, "other"],
    [
      "a tampered payload",
      (t: string) =>
        `${Buffer.from(JSON.stringify({ sub: "admin", exp: 9e9 })).toString("base64url")}.${t.split(".")[1]}`,
      "secret",
    ],
    ["a truncated token", (t: string) => t.slice(0, 10), "secret"],
    ["garbage", () => "not-a-token", "secret"],
    ["an empty string", () => "", "secret"],
  ])("refuses %s", (_label, mangle, secret) => {
    expect(verifyCollabToken(mangle(signCollabToken("user-1", "secret", now)), secret, now)).toBeNull();
  });
});
