/**
 * Twilio's calls to us. Each carries X-Twilio-Signature: an HMAC of the public URL Twilio
 * called and the form parameters, keyed with the auth token. The URL must be the one Twilio
 * was given (BASE_URL), not the one the request arrived at behind a proxy.
 */
// The signature check alone, not the SDK's index (which builds every API's client: some 18 MB of
// RSS that only a process sending SMS needs; twilio-sms.ts loads it at the first send).
import { validateRequest } from "twilio/lib/webhooks/webhooks";

export const TWILIO_STATUS_PATH = "/api/webhooks/twilio/status";

export function statusCallbackUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/$/, "")}${TWILIO_STATUS_PATH}`;
}

/** Where the Twilio number's "A message comes in" webhook points (set in Twilio's console). */
export const TWILIO_INBOUND_SMS_PATH = "/api/webhooks/twilio/sms";

export function inboundSmsUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/$/, "")}${TWILIO_INBOUND_SMS_PATH}`;
}

/**
 * Where Twilio should report delivery, or undefined when it cannot reach us: a plain-http
 * BASE_URL is a developer's machine (Twilio would only log failed callbacks), while any
 * deployment Twilio can call is served over https.
 */
export function defaultStatusCallback(baseUrl: string): string | undefined {
  return baseUrl.startsWith("https://") ? statusCallbackUrl(baseUrl) : undefined;
}

export function isValidTwilioSignature(
  authToken: string,
  signature: string | null,
  url: string,
  params: Record<string, string>,
): boolean {
  if (!authToken || !signature) return false;
  return validateRequest(authToken, signature, url, params);
}

export type DeliveryOutcome = "delivered" | "undelivered" | "failed";

export type TwilioStatusReport =
  | { kind: "final"; messageSid: string; status: DeliveryOutcome; error: string | undefined }
  /** queued, sending, sent, accepted, scheduled, read...: steps on the way, not worth a write. */
  | { kind: "progress"; messageSid: string; status: string }
  | { kind: "invalid"; reason: string };

const FINAL = new Set<string>(["delivered", "undelivered", "failed"]);

/** Reads a status callback's form parameters (MessageSid, MessageStatus, ErrorCode, ErrorMessage). */
export function readStatusCallback(params: Record<string, string>): TwilioStatusReport {
  const messageSid = params.MessageSid ?? params.SmsSid ?? "";
  const status = (params.MessageStatus ?? params.SmsStatus ?? "").toLowerCase();
  if (!/^(SM|MM)[0-9a-f]{32}$/i.test(messageSid))
    return { kind: "invalid", reason: "MessageSid is missing or is not a message sid" };
  if (!status) return { kind: "invalid", reason: "MessageStatus is missing" };
  if (!FINAL.has(status)) return { kind: "progress", messageSid, status };
  const code = params.ErrorCode?.trim();
  const error =
    status === "delivered"
      ? undefined
      : [code ? `Twilio error ${code}` : `Twilio reported ${status}`, params.ErrorMessage?.trim()]
          .filter(Boolean)
          .join(": ");
  return { kind: "final", messageSid, status: status as DeliveryOutcome, error };
}
