import { describe, expect, it } from "vitest";
import { deriveKey, KEY_PURPOSES, type KeyPurpose } from "./derive-key";

const SECRET = "test-auth-secret-0123456789abcdefghij";

describe("deriveKey", () => {
  it.each(KEY_PURPOSES.map((purpose) => [purpose]))(
    "%s: 32 bytes, the same every time, not the secret itself",
    (purpose) => {
      const key = deriveKey(SECRET, purpose);
      expect(key).toHaveLength(32);
      expect(deriveKey(SECRET, purpose)).toEqual(key);
      expect(key.toString("utf8")).not.toContain(SECRET);
    },
  );

  it("gives every purpose its own key", () => {
    const keys = KEY_PURPOSES.map((purpose) => deriveKey(SECRET, purpose).toString("hex"));
    expect(new Set(keys).size).toBe(KEY_PURPOSES.length);
  });

  it.each(KEY_PURPOSES.map((purpose) => [purpose]))("%s: another secret gives another key", (purpose) => {
    expect(deriveKey(`${SECRET}!`, purpose)).not.toEqual(deriveKey(SECRET, purpose));
  });

  it("refuses a purpose outside the closed list", () => {
    expect(() => deriveKey(SECRET, "anything" as KeyPurpose)).toThrow(/not a key purpose/);
  });
});
