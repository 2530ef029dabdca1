/**
 * SMS through the official Twilio SDK. Tests and local runs point it at a loopback fake
 * (tests/fakes/twilio-server.ts) with TWILIO_API_BASE: the SDK builds its usual
 * https://api.twilio.com/... URLs and this request client rewrites the origin, so everything
 * else (form encoding, basic auth, error parsing into RestException) is the SDK's own.
 *
 * The SDK is loaded at the first send, not with the process: its index builds a client for
 * every Twilio API, some 18 MB of RSS a process that never sends an SMS does not need.
 */
import { lazyImport } from "../lazy-import";
import type twilio from "twilio";
import type { SmsMessage, SmsSender } from "./sms-sender";
import { toE164 } from "./phone";
import { SmsNotConfiguredError, TwilioSdkUnavailableError } from "./sms-errors";

const TWILIO_API_ORIGIN = "https://api.twilio.com";

type TwilioSdk = typeof twilio;

/** A request client that sends the SDK's api.twilio.com requests to `baseUrl` instead. */
function baseUrlRequestClient(sdk: TwilioSdk, baseUrl: string | undefined, timeoutMs: number): twilio.RequestClient {
  const origin = (baseUrl ?? TWILIO_API_ORIGIN).replace(/\/$/, "");
  class BaseUrlRequestClient extends sdk.RequestClient {
    override request<TData>(opts: Parameters<twilio.RequestClient["request"]>[0] & { data?: TData }) {
      const uri = opts.uri.startsWith(TWILIO_API_ORIGIN)
        ? `${origin}${opts.uri.slice(TWILIO_API_ORIGIN.length)}`
        : opts.uri;
      return super.request<TData>({ ...opts, uri });
    }
  }
  return new BaseUrlRequestClient({ timeout: timeoutMs });
}

/** One import per process, shared by every sender; a failed import is tried again at the next send. */
export const loadTwilioSdk = lazyImport(
  (): Promise<{ default: TwilioSdk }> => import("twilio"),
  (module) => module.default,
  (error) => new TwilioSdkUnavailableError(error),
);

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
  /** Where the SDK comes from (tests give one that fails). */
  loadSdk?: () => Promise<TwilioSdk>;
}

const DEFAULT_TIMEOUT_MS = 15_000;

export class TwilioSmsSender implements SmsSender {
  private client: Promise<twilio.Twilio> | null = null;

  constructor(
    private readonly settings: TwilioSettings,
    private readonly options: TwilioSenderOptions = {},
  ) {}

  private connect(): Promise<twilio.Twilio> {
    const { settings, options } = this;
    this.client ??= (options.loadSdk ?? loadTwilioSdk)().then(
      (sdk) =>
        sdk(settings.accountSid, settings.authToken, {
          httpClient: baseUrlRequestClient(sdk, settings.apiBaseUrl, options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        }),
      (error: unknown) => {
        this.client = null;
        throw error;
      },
    );
    return this.client;
  }

  async send(message: SmsMessage): Promise<{ providerMessageId: string }> {
    if (!this.settings.from)
      throw new SmsNotConfiguredError("SMS is not configured: set TWILIO_FROM, the number SMS are sent from");
    const statusCallback = message.statusCallback ?? this.options.statusCallback;
    const to = toE164(message.to);
    const client = await this.connect();
    const sent = await client.messages.create({
      to,
      from: this.settings.from,
      body: message.body,
      ...(statusCallback ? { statusCallback } : {}),
    });
    return { providerMessageId: sent.sid };
  }
}
