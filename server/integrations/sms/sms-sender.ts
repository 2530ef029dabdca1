export interface SmsMessage {
  /** Any way a person writes a number; normalized to E.164 before sending. */
  to: string;
  body: string;
  /** Where the provider reports delivery (Twilio's StatusCallback). */
  statusCallback?: string;
}

/** Sends one SMS. Callers go through sendOnce (server/services/messaging/outbound-ledger.ts) with a dedupe key. */
export interface SmsSender {
  send(message: SmsMessage): Promise<{ providerMessageId: string }>;
}
