import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * AES-256-GCM for secrets we must be able to read back (RADIUS passwords are sent to the
 * RADIUS server in clear by design).
 *
 * Format v2: `v2.<key id>.<iv>.<tag>.<ciphertext>` (base64url), where the key id names the key of
 * the ring (APP_ENCRYPTION_KEYS) that sealed it, so keys can be rotated (`npm run keys:rotate`),
 * and the additional authenticated data is `table:column:rowId`: a sealed value copied to another
 * row, column or table does not open. Format v1 (`v1.<iv>.<tag>.<ciphertext>`, no key id, no
 * binding) was written before; it still opens with any key of the ring, and rotation rewrites it.
 */
export interface EncryptionKey {
  /** 1 to 32 letters, digits, dots, dashes or underscores; written in every sealed value. */
  id: string;
  key: Buffer;
}

/** Where a sealed value lives. */
export interface SecretBinding {
  table: string;
  column: string;
  rowId: string | number;
}

export const KEY_ID_FORMAT = /^[A-Za-z0-9._-]{1,32}$/;

/** The id of a key given without one (APP_ENCRYPTION_KEY, the trial's generated key): stable, and reveals nothing usable. */
export function encryptionKeyId(key: Buffer): string {
  return `k${createHash("sha256").update(key).digest("hex").slice(0, 8)}`;
}

const aadOf = (binding: SecretBinding) => Buffer.from(`${binding.table}:${binding.column}:${binding.rowId}`, "utf8");
const describe = (binding: SecretBinding) => `${binding.table}.${binding.column} of row ${binding.rowId}`;

/** Seals `plain` for the row `binding` with the ring's newest key (the first). */
export function sealSecret(plain: string, keys: readonly EncryptionKey[], binding: SecretBinding): string {
  const newest = keys[0];
  if (!newest) throw new Error("No encryption key: set APP_ENCRYPTION_KEYS");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", newest.key, iv);
  cipher.setAAD(aadOf(binding));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [
    "v2",
    newest.id,
    iv.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
    body.toString("base64url"),
  ].join(".");
}

/** The key id a sealed value names, or null for the old format without one. */
export function keyIdOfSealed(sealed: string): string | null {
  const [version, id] = sealed.split(".");
  return version === "v2" && id ? id : null;
}

function open(key: Buffer, iv: string, tag: string, body: string, aad: Buffer | null): string {
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  if (aad) decipher.setAAD(aad);
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

/** The plain text of a value sealed for the row `binding`; throws when it was sealed elsewhere, tampered with, or by a key the ring lacks. */
export function openSecret(sealed: string, keys: readonly EncryptionKey[], binding: SecretBinding): string {
  const parts = sealed.split(".");
  const refused = new Error(
    `The sealed value of ${describe(binding)} does not open: it was sealed for another row or altered`,
  );
  if (parts[0] === "v2" && parts.length === 5 && parts.every(Boolean)) {
    const [, id, iv, tag, body] = parts as [string, string, string, string, string];
    const entry = keys.find((k) => k.id === id);
    if (!entry)
      throw new Error(
        `The sealed value of ${describe(binding)} was sealed with the key id "${id}", which APP_ENCRYPTION_KEYS does not list: add that key back (after the newest) and run npm run keys:rotate`,
      );
    try {
      return open(entry.key, iv, tag, body, aadOf(binding));
    } catch {
      throw refused;
    }
  }
  if (parts[0] === "v1" && parts.length === 4 && parts[1] && parts[2]) {
    const [, iv, tag, body] = parts as [string, string, string, string];
    // No key id in the old format: the key that opens it is the one that sealed it (GCM's tag says so).
    for (const entry of keys) {
      try {
        return open(entry.key, iv, tag, body, null);
      } catch {
        /* another key of the ring */
      }
    }
    throw refused;
  }
  throw new Error(`The value of ${describe(binding)} is not a sealed secret`);
}
