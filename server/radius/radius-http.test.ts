import { describe, expect, it } from "vitest";
import { isLoopback, sharedSecretMatches } from "./radius-http";

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const SECRET = "radius-api-secret-0123";

describe("who may call /api/radius/*", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.8.9.10", true],
    ["::1", true],
    ["::ffff:127.0.0.1", true],
    ["10.0.0.1", false],
    ["::ffff:10.0.0.1", false],
    ["128.0.0.1", false],
    ["fe80::1", false],
    ["", false],
    [undefined, false],
  ])("a peer at %j is loopback: %s", (address, expected) => {
    expect(isLoopback(address)).toBe(expected);
  });

  it.each<[string, string | undefined, boolean]>([
    ["the secret as the Basic password", basic("freeradius", SECRET), true],
    ["any user name", basic("anyone", SECRET), true],
    ["a password containing a colon after the user", basic("u", `${SECRET}:x`), false],
    ["another secret", basic("freeradius", "radius-api-secret-0124"), false],
    ["the secret as the user name", basic(SECRET, ""), false],
    ["the secret as a bearer token", `Bearer ${SECRET}`, false],
    ["the secret alone", SECRET, false],
    ["nothing", undefined, false],
    ["an empty Basic", "Basic ", false],
  ])("%s → %s", (_name, header, expected) => {
    expect(sharedSecretMatches(header, SECRET)).toBe(expected);
  });
});
