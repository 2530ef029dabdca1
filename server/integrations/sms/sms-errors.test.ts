import { describe, expect, it } from "vitest";
import { InvalidPhoneNumberError } from "./phone";
import { isSafeToRetrySms } from "./sms-errors";

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
