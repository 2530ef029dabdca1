import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encryptionKeyId, keyIdOfSealed, openSecret, sealSecret, type EncryptionKey } from "./secret-box";

const A: EncryptionKey = { id: "2026-01", key: randomBytes(32) };
const B: EncryptionKey = { id: "2026-12", key: randomBytes(32) };
const ROW_7 = { table: "service_subscriptions", column: "radius_password_encrypted", rowId: 7 };

/** The format written before key ids: v1.<iv>.<tag>.<ciphertext>, no key id, no binding. */
function legacySeal(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(
    ".",
  );
}

describe("sealed secrets", () => {
  it("open with the key ring, sealed with its newest key, which the text names", () => {
    const sealed = sealSecret("radius-pass-1", [B, A], ROW_7);
    expect(keyIdOfSealed(sealed)).toBe("2026-12");
    expect(sealed).not.toContain("radius-pass-1");
    expect(openSecret(sealed, [B, A], ROW_7)).toBe("radius-pass-1");
    // Decryption picks the key by id, whatever its place in the ring.
    expect(openSecret(sealed, [A, B], ROW_7)).toBe("radius-pass-1");
  });

  it.each([
    ["another row", { ...ROW_7, rowId: 8 }],
    ["another column", { ...ROW_7, column: "other_secret" }],
    ["another table", { ...ROW_7, table: "customers" }],
  ])("refuse to open when moved to %s", (_what, binding) => {
    const sealed = sealSecret("radius-pass-1", [A], ROW_7);
    expect(() => openSecret(sealed, [A], binding)).toThrow(/does not open/);
  });

  it("name the missing key id when the ring no longer has it", () => {
    const sealed = sealSecret("radius-pass-1", [A], ROW_7);
    expect(() => openSecret(sealed, [B], ROW_7)).toThrow(/key id "2026-01", which APP_ENCRYPTION_KEYS does not list/);
  });

  it("refuse a tampered text", () => {
    const sealed = sealSecret("radius-pass-1", [A], ROW_7);
    const parts = sealed.split(".");
    parts[4] = Buffer.from("radius-pass-2").toString("base64url");
    expect(() => openSecret(parts.join("."), [A], ROW_7)).toThrow(/does not open/);
  });

  it("still open in the old format (no key id), with whichever key of the ring sealed it", () => {
    const old = legacySeal("radius-pass-1", A.key);
    expect(keyIdOfSealed(old)).toBeNull();
    expect(openSecret(old, [B, A], ROW_7)).toBe("radius-pass-1");
    expect(() => openSecret(old, [B], ROW_7)).toThrow(/does not open/);
  });

  it("refuse what is not a sealed secret", () => {
    expect(() => openSecret("plain text", [A], ROW_7)).toThrow(/not a sealed secret/);
  });

  it("derive a stable id for a key given without one", () => {
    expect(encryptionKeyId(A.key)).toMatch(/^k[0-9a-f]{8}$/);
    expect(encryptionKeyId(Buffer.from(A.key))).toBe(encryptionKeyId(A.key));
    expect(encryptionKeyId(B.key)).not.toBe(encryptionKeyId(A.key));
  });
});
