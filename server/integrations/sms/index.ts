import type { ServerConfig } from "../../config";
import type { SmsSender } from "./sms-sender";
import { TwilioSmsSender } from "./twilio-sms";

export type { SmsMessage, SmsSender } from "./sms-sender";
export { InvalidPhoneNumberError, toE164 } from "./phone";
export { TwilioSmsSender } from "./twilio-sms";

/** Without Twilio settings every send fails with this reason, and sendOnce records the message as failed. */
export const SMS_NOT_CONFIGURED = "SMS is not configured: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM";

const notConfigured: SmsSender = {
  send: () => Promise.reject(new Error(SMS_NOT_CONFIGURED)),
};

const senders = new WeakMap<ServerConfig, SmsSender>();

/** One sender per configuration (the SDK client keeps its HTTP agent), made on first use. */
export function smsFor(config: ServerConfig): SmsSender {
  let sender = senders.get(config);
  if (!sender) {
    sender = config.twilio ? new TwilioSmsSender(config.twilio) : notConfigured;
    senders.set(config, sender);
  }
  return sender;
}
