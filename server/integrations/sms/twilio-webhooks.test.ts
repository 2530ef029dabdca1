import { describe, expect, it } from "vitest";
import twilio from "twilio";
import {
  defaultStatusCallback,
  isValidTwilioSignature,
  readStatusCallback,
  statusCallbackUrl,
  type TwilioStatusReport,
} from "./twilio-webhooks";

const sid = `SM${"a".repeat(32)}`;

describe("status callback URL", () => {
  it.each<[string, string | undefined]>([
    ["https://ops.fibre.example", "https://ops.fibre.example/api/webhooks/twilio/status"],
    ["https://ops.fibre.example/", "https://ops.fibre.example/api/webhooks/twilio/status"],
    ["http://localhost:3000", undefined],
  ])("%s → %s", (baseUrl, expected) => {
    expect(defaultStatusCallback(baseUrl)).toBe(expected);
  });
  it("is always derivable for verification", () => {
    expect(statusCallbackUrl("http://localhost:3000")).toBe("http://localhost:3000/api/webhooks/twilio/status");
  });
});

describe("isValidTwilioSignature", () => {
  const url = "https://ops.fibre.example/api/webhooks/twilio/status";
  const params = { MessageSid: sid, MessageStatus: "delivered" };
  const signature = twilio.getExpectedTwilioSignature("secret-token", url, params);
  it.each<[string, string, string | null, string, Record<string, string>, boolean]>([
    ["the right signature", "secret-token", signature, url, params, true],
    ["another auth token", "other-token", signature, url, params, false],
    ["a tampered parameter", "secret-token", signature, url, { ...params, MessageStatus: "failed" }, false],
    ["another URL", "secret-token", signature, "https://evil.example/api/webhooks/twilio/status", params, false],
    ["no signature", "secret-token", null, url, params, false],
    ["no auth token configured", "", signature, url, params, false],
  ])("%s → %s", (_description, token, given, at, form, expected) => {
    expect(isValidTwilioSignature(token, given, at, form)).toBe(expected);
  });
});

describe("readStatusCallback", () => {
  it.each<[Record<string, string>, TwilioStatusReport]>([
    [
      { MessageSid: sid, MessageStatus: "delivered" },
      { kind: "final", messageSid: sid, status: "delivered", error: undefined },
    ],
    [
      { MessageSid: sid, MessageStatus: "undelivered", ErrorCode: "30003" },
      { kind: "final", messageSid: sid, status: "undelivered", error: "Twilio error 30003" },
    ],
    [
      { MessageSid: sid, MessageStatus: "failed", ErrorCode: "30008", ErrorMessage: "Unknown error" },
      { kind: "final", messageSid: sid, status: "failed", error: "Twilio error 30008: Unknown error" },
    ],
    [
      { MessageSid: sid, MessageStatus: "failed" },
      { kind: "final", messageSid: sid, status: "failed", error: "Twilio reported failed" },
    ],
    [
      { SmsSid: sid, SmsStatus: "delivered" },
      { kind: "final", messageSid: sid, status: "delivered", error: undefined },
    ],
    [
      { MessageSid: sid, MessageStatus: "sent" },
      { kind: "progress", messageSid: sid, status: "sent" },
    ],
    [
      { MessageSid: sid, MessageStatus: "queued" },
      { kind: "progress", messageSid: sid, status: "queued" },
    ],
    [
      { MessageSid: sid, MessageStatus: "accepted" },
      { kind: "progress", messageSid: sid, status: "accepted" },
    ],
    [{ MessageStatus: "delivered" }, { kind: "invalid", reason: "MessageSid is missing or is not a message sid" }],
    [
      { MessageSid: "not-a-sid", MessageStatus: "delivered" },
      { kind: "invalid", reason: "MessageSid is missing or is not a message sid" },
    ],
    [{ MessageSid: sid }, { kind: "invalid", reason: "MessageStatus is missing" }],
  ])("%j", (params, expected) => {
    expect(readStatusCallback(params)).toEqual(expected);
  });
});
