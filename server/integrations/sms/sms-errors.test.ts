import { describe, expect, it } from "vitest";
import { InvalidPhoneNumberError } from "./phone";
import { isRefusedSms, isSafeToRetrySms, SmsNotConfiguredError } from "./sms-errors";

const rest = (status: number, code: number) => Object.assign(new Error("twilio"), { status, code });
const network = (code: string) => Object.assign(new Error(code), { code });

describe("isSafeToRetrySms", () => {
  it.each<[string, unknown, boolean]>([
    ["429 too many requests", rest(429, 20429), true],
    ["503 service unavailable", rest(503, 20503), true],
    ["500: Twilio may have queued it", rest(500, 20500), false],
    ["400 invalid number", rest(400, 21211), false],
    ["400 unsubscribed recipient", rest(400, 21610), false],
    ["401 bad credentials", rest(401, 20003), false],
    ["connection refused", network("ECONNREFUSED"), true],
    ["DNS failure", network("ENOTFOUND"), true],
    ["DNS temporary failure", network("EAI_AGAIN"), true],
    ["timeout: may have been sent", network("ECONNABORTED"), false],
    ["reset mid-request: may have been sent", network("ECONNRESET"), false],
    ["not a phone number", new InvalidPhoneNumberError("555"), false],
    ["plain error (not configured)", new Error("SMS is not configured"), false],
    ["not an error", "boom", false],
    ["null", null, false],
  ])("%s → %s", (_description, error, expected) => {
    expect(isSafeToRetrySms(error)).toBe(expected);
  });
});

describe("isRefusedSms", () => {
  it.each<[string, unknown, boolean]>([
    ["429 too many requests", rest(429, 20429), true],
    ["503 service unavailable", rest(503, 20503), true],
    ["500: Twilio may have queued it", rest(500, 20500), false],
    ["502 from a proxy: may have been queued", rest(502, 20502), false],
    ["400 invalid number", rest(400, 21211), true],
    ["400 unsubscribed recipient", rest(400, 21610), true],
    ["401 bad credentials", rest(401, 20003), true],
    ["connection refused", network("ECONNREFUSED"), true],
    ["DNS failure", network("ENOTFOUND"), true],
    ["timeout: may have been sent", network("ECONNABORTED"), false],
    ["timeout: may have been sent", network("ETIMEDOUT"), false],
    ["reset mid-request: may have been sent", network("ECONNRESET"), false],
    ["not a phone number", new InvalidPhoneNumberError("555"), true],
    ["not configured", new SmsNotConfiguredError("SMS is not configured"), true],
    ["plain error", new Error("socket hang up"), false],
    ["not an error", "boom", false],
    ["null", null, false],
  ])("%s → %s", (_description, error, expected) => {
    expect(isRefusedSms(error)).toBe(expected);
  });
});
