/**
 * SMS through the official Twilio SDK. Tests and local runs point it at a loopback fake
 * (tests/fakes/twilio-server.ts) with TWILIO_API_BASE: the SDK builds its usual
 * https://api.twilio.com/... URLs and this request client rewrites the origin, so everything
 * else (form encoding, basic auth, error parsing into RestException) is the SDK's own.
 */
import twilio from "twilio";
import type { SmsMessage, SmsSender } from "./sms-sender";
import { toE164 } from "./phone";
import { SmsNotConfiguredError } from "./sms-errors";

const TWILIO_API_ORIGIN = "https://api.twilio.com";

export class BaseUrlRequestClient extends twilio.RequestClient {
  private readonly baseUrl: string;

  constructor(baseUrl: string | undefined, timeoutMs: number) {
    super({ timeout: timeoutMs });
    this.baseUrl = (baseUrl ?? TWILIO_API_ORIGIN).replace(/\/$/, "");
  }

  override request<TData>(opts: Parameters<twilio.RequestClient["request"]>[0] & { data?: TData }) {
    const uri = opts.uri.startsWith(TWILIO_API_ORIGIN)
      ? `${this.baseUrl}${opts.uri.slice(TWILIO_API_ORIGIN.length)}`
      : opts.uri;
    return super.request<TData>({ ...opts, uri });
  }
}

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  from: string;
  apiBaseUrl: string | undefined;
}

export interface TwilioSenderOptions {
  /** StatusCallback for messages that do not name their own: every SMS the app sends reports its delivery. */
  statusCallback?: string;
  /** How long to wait for Twilio's answer; past it the message may or may not be queued (15 s by default). */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

export class TwilioSmsSender implements SmsSender {
  private readonly client: twilio.Twilio;

  constructor(
    private readonly settings: TwilioSettings,
    private readonly options: TwilioSenderOptions = {},
  ) {
    this.client = twilio(settings.accountSid, settings.authToken, {
      httpClient: new BaseUrlRequestClient(settings.apiBaseUrl, options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  }

  async send(message: SmsMessage): Promise<{ providerMessageId: string }> {
    if (!this.settings.from)
      throw new SmsNotConfiguredError("SMS is not configured: set TWILIO_FROM, the number SMS are sent from");
    const statusCallback = message.statusCallback ?? this.options.statusCallback;
    const sent = await this.client.messages.create({
      to: toE164(message.to),
      from: this.settings.from,
      body: message.body,
      ...(statusCallback ? { statusCallback } : {}),
    });
    return { providerMessageId: sent.sid };
  }
}
