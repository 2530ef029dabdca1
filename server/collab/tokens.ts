import { createHmac, timingSafeEqual } from "node:crypto";
import { deriveKey } from "../crypto/derive-key";

/**
 * Short-lived signed tokens for /collab and /realtime, for the browser (fetched from
 * /api/collab/token with the staff session) and for scripts and load tests
 * (`npm run collab:token -- <email>`). Format: base64url(payload).base64url(hmac).
 */
export interface CollabTokenPayload {
  /** Staff user id. */
  sub: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /**
   * The staff session the token was issued under (the browser's, from /api/collab/token): the
   * token dies with it, so signing out closes the board. Scripts' tokens have none.
   */
  sid?: string;
}

export const COLLAB_TOKEN_SECONDS = 60 * 60;

/** `secret` is AUTH_SECRET; the tokens are signed with its "collab-token" key, used for nothing else. */
function signature(body: string, secret: string): string {
  return createHmac("sha256", deriveKey(secret, "collab-token")).update(body).digest("base64url");
}

export function signCollabToken(
  userId: string,
  secret: string,
  nowMs = Date.now(),
  ttlSeconds = COLLAB_TOKEN_SECONDS,
  sessionId?: string,
): string {
  const payload: CollabTokenPayload = { sub: userId, exp: Math.floor(nowMs / 1000) + ttlSeconds };
  if (sessionId) payload.sid = sessionId;
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${signature(body, secret)}`;
}

/** The payload of a valid, unexpired token, or null. */
export function verifyCollabToken(token: string, secret: string, nowMs = Date.now()): CollabTokenPayload | null {
  const [body, mac] = token.split(".");
  if (!body || !mac) return null;
  const expected = Buffer.from(signature(body, secret));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Partial<CollabTokenPayload>;
    if (typeof payload.sub !== "string" || typeof payload.exp !== "number") return null;
    if (payload.sid !== undefined && typeof payload.sid !== "string") return null;
    if (payload.exp * 1000 <= nowMs) return null;
    return payload.sid === undefined
      ? { sub: payload.sub, exp: payload.exp }
      : { sub: payload.sub, exp: payload.exp, sid: payload.sid };
  } catch {
    return null;
  }
}
