import type { ServerConfig } from "../../config";
import type { SmsSender } from "./sms-sender";
import { TwilioSmsSender } from "./twilio-sms";
import { defaultStatusCallback } from "./twilio-webhooks";
import { SmsNotConfiguredError } from "./sms-errors";

export type { SmsMessage, SmsSender } from "./sms-sender";
export { InvalidPhoneNumberError, toE164 } from "./phone";
export { TwilioSmsSender } from "./twilio-sms";
export { isRefusedSms, isSafeToRetrySms, SmsNotConfiguredError, TwilioSdkUnavailableError } from "./sms-errors";
export {
  defaultStatusCallback,
  inboundSmsUrl,
  isValidTwilioSignature,
  readStatusCallback,
  statusCallbackUrl,
  TWILIO_INBOUND_SMS_PATH,
  TWILIO_STATUS_PATH,
} from "./twilio-webhooks";

/** Without Twilio settings every send fails with this reason, and sendOnce records the message as failed (nothing left). */
export const SMS_NOT_CONFIGURED = "SMS is not configured: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM";

const notConfigured: SmsSender = {
  send: () => Promise.reject(new SmsNotConfiguredError(SMS_NOT_CONFIGURED)),
};

/**
 * The sender a configuration asks for (one per process: the SDK client keeps its HTTP agent). Its
 * messages ask Twilio to report delivery to /api/webhooks/twilio/status when BASE_URL is https.
 */
export function createSmsSender(config: Pick<ServerConfig, "twilio" | "baseUrl">): SmsSender {
  return config.twilio
    ? new TwilioSmsSender(config.twilio, { statusCallback: defaultStatusCallback(config.baseUrl) })
    : notConfigured;
}
