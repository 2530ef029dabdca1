/**
 * Which failed sends may be tried again without risking a second SMS. The outbound ledger is
 * at-most-once: a retry is safe only when Twilio certainly did not accept the message. A
 * timeout or a dropped connection may have come after Twilio queued it, so those are final.
 */
const NEVER_CONNECTED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
/** Too many requests, service unavailable: Twilio refused the request before taking it. */
const REFUSED_UNPROCESSED = new Set([429, 503]);

export function isSafeToRetrySms(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { status, code } = error as { status?: unknown; code?: unknown };
  if (typeof status === "number") return REFUSED_UNPROCESSED.has(status);
  return typeof code === "string" && NEVER_CONNECTED.has(code);
}
