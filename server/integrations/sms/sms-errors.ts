/**
 * What a failed SMS send means, in two questions the callers ask:
 * - isRefusedSms: did Twilio certainly not take it? Then the outbound ledger records it `failed`
 *   and a later run may send it. Anything else (a timeout or a dropped connection after the
 *   request went out, a 5xx other than 503) may have come after Twilio queued it: `unknown`.
 * - isSafeToRetrySms: is it worth retrying in seconds (a refusal that may pass next time)?
 */
import { InvalidPhoneNumberError } from "./phone";

const NEVER_CONNECTED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
/** Too many requests, service unavailable: Twilio refused the request before taking it. */
const REFUSED_UNPROCESSED = new Set([429, 503]);

/** Sending is not configured (no account, no sender number): no request was made. */
export class SmsNotConfiguredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SmsNotConfiguredError";
  }
}

/** The Twilio SDK could not be loaded (twilio-sms.ts loads it at the first send): no request was made. */
export class TwilioSdkUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`the Twilio SDK could not be loaded: ${String((cause as Error)?.message ?? cause)}`, { cause });
    this.name = "TwilioSdkUnavailableError";
  }
}

export function isSafeToRetrySms(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { status, code } = error as { status?: unknown; code?: unknown };
  if (typeof status === "number") return REFUSED_UNPROCESSED.has(status);
  return typeof code === "string" && NEVER_CONNECTED.has(code);
}

/**
 * Twilio answered with an error before creating a message (any 4xx: invalid or unsubscribed
 * number, bad credentials, rate limit; and 503), or the request never left (no connection, a
 * number we cannot text, sending not configured, the SDK not loadable).
 */
export function isRefusedSms(error: unknown): boolean {
  if (
    error instanceof InvalidPhoneNumberError ||
    error instanceof SmsNotConfiguredError ||
    error instanceof TwilioSdkUnavailableError
  )
    return true;
  if (typeof error !== "object" || error === null) return false;
  const { status, code } = error as { status?: unknown; code?: unknown };
  if (typeof status === "number") return (status >= 400 && status < 500) || status === 503;
  return typeof code === "string" && NEVER_CONNECTED.has(code);
}
