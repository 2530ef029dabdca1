import type { ServerConfig } from "../../config";
import type { SmsSender } from "./sms-sender";
import { TwilioSmsSender } from "./twilio-sms";
import { defaultStatusCallback } from "./twilio-webhooks";

export type { SmsMessage, SmsSender } from "./sms-sender";
export { InvalidPhoneNumberError, toE164 } from "./phone";
export { TwilioSmsSender } from "./twilio-sms";
export { isSafeToRetrySms } from "./sms-errors";
export { defaultStatusCallback, isValidTwilioSignature, readStatusCallback, statusCallbackUrl, TWILIO_STATUS_PATH } from "./twilio-webhooks";

/** Without Twilio settings every send fails with this reason, and sendOnce records the message as failed. */
export const SMS_NOT_CONFIGURED = "SMS is not configured: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM";

const notConfigured: SmsSender = {
  send: () => Promise.reject(new Error(SMS_NOT_CONFIGURED)),
};

const senders = new WeakMap<ServerConfig, SmsSender>();

/**
 * One sender per configuration (the SDK client keeps its HTTP agent), made on first use. Its
 * messages ask Twilio to report delivery to /api/webhooks/twilio/status when BASE_URL is https.
 */
export function smsFor(config: ServerConfig): SmsSender {
  let sender = senders.get(config);
  if (!sender) {
    sender = config.twilio ? new TwilioSmsSender(config.twilio, { statusCallback: defaultStatusCallback(config.baseUrl) }) : notConfigured;
    senders.set(config, sender);
  }
  return sender;
}
