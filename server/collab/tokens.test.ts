import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signCollabToken, verifyCollabToken } from "./tokens";

const SECRET = "a-test-secret-of-enough-length-0123456789";
const NOW = Date.parse("2027-01-12T12:00:00Z");

/** A token with any payload, signed as the module signs: for payloads the signer never makes. */
function forge(payload: unknown): string {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${createHmac("sha256", `collab-token:${SECRET}`).update(body).digest("base64url")}`;
}

describe("collab tokens", () => {
  it.each([
    ["a script's token: no session", signCollabToken("u1", SECRET, NOW), { sub: "u1" }],
    [
      "a browser's token: bound to its session",
      signCollabToken("u1", SECRET, NOW, 3600, "s1"),
      { sub: "u1", sid: "s1" },
    ],
  ])("%s", (_what, token, expected) => {
    const payload = verifyCollabToken(token, SECRET, NOW);
    expect(payload).toMatchObject(expected);
    expect(payload && "sid" in payload).toBe("sid" in expected);
  });

  it.each([
    ["expired", signCollabToken("u1", SECRET, NOW - 3_601_000)],
    ["another secret", signCollabToken("u1", "another-secret-of-enough-length-98765", NOW)],
    ["a session id that is not a string", forge({ sub: "u1", exp: NOW / 1000 + 60, sid: 42 })],
    ["no user", forge({ exp: NOW / 1000 + 60 })],
  ])("refuses %s", (_what, token) => expect(verifyCollabToken(token, SECRET, NOW)).toBeNull());
});
