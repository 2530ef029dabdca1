/**
 * SMS through the official Twilio SDK. Tests and local runs point it at a loopback fake
 * (tests/fakes/twilio-server.ts) with TWILIO_API_BASE: the SDK builds its usual
 * https://api.twilio.com/... URLs and this request client rewrites the origin, so everything
 * else (form encoding, basic auth, error parsing into RestException) is the SDK's own.
 */
import twilio from "twilio";
import type { SmsMessage, SmsSender } from "./sms-sender";
import { toE164 } from "./phone";

const TWILIO_API_ORIGIN = "https://api.twilio.com";

export class BaseUrlRequestClient extends twilio.RequestClient {
  private readonly baseUrl: string;

  constructor(baseUrl: string) {
    super({ timeout: 15_000 });
    this.baseUrl = baseUrl.replace(/\/$/, "");
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
}

export class TwilioSmsSender implements SmsSender {
  private readonly client: twilio.Twilio;

  constructor(
    private readonly settings: TwilioSettings,
    private readonly options: TwilioSenderOptions = {},
  ) {
    this.client = twilio(
      settings.accountSid,
      settings.authToken,
      settings.apiBaseUrl ? { httpClient: new BaseUrlRequestClient(settings.apiBaseUrl) } : {},
    );
  }

  async send(message: SmsMessage): Promise<{ providerMessageId: string }> {
    if (!this.settings.from) throw new Error("SMS is not configured: set TWILIO_FROM, the number SMS are sent from");
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
