/**
 * A local stand-in for Twilio's REST API, speaking its wire format for sending SMS:
 * POST /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded To/From/Body/StatusCallback,
 * HTTP basic auth with the account SID and auth token, a Message resource as JSON (201), and
 * Twilio's error body `{ code, message, more_info, status }` for bad requests. It also writes
 * the delivery reports Twilio would POST to a message's StatusCallback, and the incoming-message
 * webhook it POSTs when a customer texts our number, signed as Twilio signs them.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import twilio from "twilio";

export interface FakeTwilioMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  body: string;
  statusCallback: string | null;
  receivedAt: Date;
}

/** A status callback as Twilio sends it: form parameters, signed over the callback URL with the auth token. */
export interface FakeStatusCallback {
  url: string;
  params: Record<string, string>;
  body: string;
  headers: Record<string, string>;
}

export interface FakeTwilioServer {
  /** Give this to the SDK as TWILIO_API_BASE. */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  messages: FakeTwilioMessage[];
  /** Numbers (E.164) Twilio refuses, as when a customer replied STOP: error 21610. */
  blockedNumbers: Set<string>;
  /**
   * The next `count` accepted messages meet `fault` after Twilio has queued them (they are in
   * `messages`): the connection is dropped, or no answer ever comes (the caller's timeout). The
   * sender cannot tell whether the SMS went out, as with the real service.
   */
  inject(fault: TwilioFault, count?: number): void;
  /** The report Twilio would send to the StatusCallback of message `sid` (which must have one). */
  statusCallback(sid: string, status: string, extra?: Record<string, string>): FakeStatusCallback;
  /**
   * The request Twilio would POST to our number's incoming-message webhook `url` when `from`
   * texts `body` (a fresh MessageSid unless one is given, to replay a message).
   */
  incomingSms(
    url: string,
    message: { from: string; to: string; body: string; messageSid?: string },
  ): FakeStatusCallback;
  close(): Promise<void>;
}

export type TwilioFault = "drop-after-accepting" | "hang-after-accepting";

const E164 = /^\+[1-9]\d{7,14}$/;
const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/;

function twilioError(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error("request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function startFakeTwilio(
  options: { accountSid?: string; authToken?: string } = {},
): Promise<FakeTwilioServer> {
  const accountSid = options.accountSid ?? `AC${randomBytes(16).toString("hex")}`;
  const authToken = options.authToken ?? randomBytes(16).toString("hex");
  const messages: FakeTwilioMessage[] = [];
  const blockedNumbers = new Set<string>();
  const faults: TwilioFault[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;

  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
      const match = MESSAGES_PATH.exec(path);
      if (!match) return twilioError(res, 404, 20404, `The requested resource ${path} was not found`);
      if (req.method !== "POST") return twilioError(res, 405, 20004, "Method not allowed");
      if (req.headers.authorization !== expectedAuth || match[1] !== accountSid)
        return twilioError(res, 401, 20003, "Authenticate");
      if (!String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
        return twilioError(res, 400, 20001, "Content-Type must be application/x-www-form-urlencoded");
      }
      const form = new URLSearchParams(await readBody(req));
      const to = form.get("To") ?? "";
      const from = form.get("From") ?? "";
      const body = form.get("Body") ?? "";
      if (!to) return twilioError(res, 400, 21604, "A 'To' phone number is required.");
      if (!E164.test(to)) return twilioError(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
      if (!from) return twilioError(res, 400, 21603, "A 'From' phone number is required.");
      if (!body) return twilioError(res, 400, 21602, "Message body is required.");
      if (body.length > 1600)
        return twilioError(res, 400, 21617, "The concatenated message body exceeds the 1600 character limit.");
      if (blockedNumbers.has(to)) return twilioError(res, 400, 21610, "Attempt to send to unsubscribed recipient");
      const statusCallback = form.get("StatusCallback");
      if (statusCallback !== null && !/^https?:\/\/[^\s/]+/.test(statusCallback))
        return twilioError(res, 400, 21609, "Invalid StatusCallback url");

      const sid = `SM${randomBytes(16).toString("hex")}`;
      const receivedAt = new Date();
      messages.push({ sid, accountSid, to, from, body, statusCallback, receivedAt });
      const fault = faults.shift();
      if (fault === "drop-after-accepting") return req.socket.destroy();
      if (fault === "hang-after-accepting") return;
      res.writeHead(201, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          sid,
          account_sid: accountSid,
          to,
          from,
          body,
          status: "queued",
          direction: "outbound-api",
          num_segments: "1",
          date_created: receivedAt.toUTCString(),
          date_updated: receivedAt.toUTCString(),
          date_sent: null,
          price: null,
          price_unit: "USD",
          error_code: null,
          error_message: null,
          messaging_service_sid: null,
          api_version: "2010-04-01",
          uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
          subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
        }),
      );
    })().catch((error: unknown) => {
      if (!res.headersSent) twilioError(res, 500, 20500, String((error as Error).message ?? error));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  function statusCallback(sid: string, status: string, extra: Record<string, string> = {}): FakeStatusCallback {
    const message = messages.find((m) => m.sid === sid);
    if (!message?.statusCallback) throw new Error(`message ${sid} was not sent with a StatusCallback`);
    const params = {
      AccountSid: accountSid,
      ApiVersion: "2010-04-01",
      From: message.from,
      To: message.to,
      MessageSid: sid,
      SmsSid: sid,
      MessageStatus: status,
      SmsStatus: status,
      ...extra,
    };
    return {
      url: message.statusCallback,
      params,
      body: new URLSearchParams(params).toString(),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": twilio.getExpectedTwilioSignature(authToken, message.statusCallback, params),
      },
    };
  }

  function incomingSms(
    url: string,
    message: { from: string; to: string; body: string; messageSid?: string },
  ): FakeStatusCallback {
    const sid = message.messageSid ?? `SM${randomBytes(16).toString("hex")}`;
    // The fields Twilio sends for an inbound SMS (geographic ones left empty, as for many numbers).
    const params = {
      ToCountry: "CA",
      ToState: "QC",
      SmsMessageSid: sid,
      NumMedia: "0",
      ToCity: "",
      FromZip: "",
      SmsSid: sid,
      FromState: "",
      SmsStatus: "received",
      FromCity: "",
      Body: message.body,
      FromCountry: "CA",
      To: message.to,
      ToZip: "",
      NumSegments: "1",
      MessageSid: sid,
      AccountSid: accountSid,
      From: message.from,
      ApiVersion: "2010-04-01",
    };
    return {
      url,
      params,
      body: new URLSearchParams(params).toString(),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": twilio.getExpectedTwilioSignature(authToken, url, params),
      },
    };
  }

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    messages,
    blockedNumbers,
    inject(fault, count = 1) {
      for (let i = 0; i < count; i++) faults.push(fault);
    },
    statusCallback,
    incomingSms,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
