/**
 * Tracking tokens: 32 random bytes, base64url in the link (43 characters). Only the SHA-256
 * is stored, so the lookup is by hash; a guess has 2^256 possibilities and a leaked table
 * opens nothing.
 */
import { createHash, randomBytes } from "node:crypto";

const TOKEN_BYTES = 32;
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export function newTrackingToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

export function hashTrackingToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Anything else is not one of ours, and is answered without a query. */
export function isWellFormedToken(token: string): boolean {
  return TOKEN_FORMAT.test(token);
}

export function trackingUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, "")}/track/${token}`;
}
