import { hkdfSync } from "node:crypto";

/**
 * Everything AUTH_SECRET protects, each with its own key. A signature made for one purpose is
 * then worthless for another (a device token is not a session cookie's signature), and a new
 * purpose is added here, never by reusing a key. Changing a name changes its key: every token
 * of that purpose stops working.
 */
export const KEY_PURPOSES = [
  /** better-auth: session cookies, its own signed cookies and the OAuth tokens it stores. */
  "auth-session",
  /** /collab and /realtime tokens (server/collab/tokens.ts). */
  "collab-token",
  /** OsmAnd provisioning tokens of the trackers (server/services/gps/devices.ts). */
  "gps-device-token",
] as const;
export type KeyPurpose = (typeof KEY_PURPOSES)[number];

/** Fixed, public: HKDF's salt only has to be the same wherever the key is derived. */
const SALT = "fibre-ops/derive-key/v1";

/** The 32-byte key of `purpose`, derived from the one secret with HKDF-SHA256: the same secret and purpose, the same key. */
export function deriveKey(secret: string, purpose: KeyPurpose): Buffer {
  if (!(KEY_PURPOSES as readonly string[]).includes(purpose)) throw new Error(`"${purpose}" is not a key purpose`);
  return Buffer.from(hkdfSync("sha256", secret, SALT, `fibre-ops:${purpose}`, 32));
}
