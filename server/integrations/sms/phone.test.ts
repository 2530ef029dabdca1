import { describe, expect, it } from "vitest";
import { InvalidPhoneNumberError, toE164 } from "./phone";

describe("toE164", () => {
  it.each([
    ["4505550101", "+14505550101"],
    ["450 555-0101", "+14505550101"],
    ["(450) 555-0101", "+14505550101"],
    ["1-450-555-0101", "+14505550101"],
    ["450.555.0101", "+14505550101"],
    ["+1 514 555 0199", "+15145550199"],
    ["+33 1 23 45 67 89", "+33123456789"],
  ])("%s → %s", (input, expected) => {
    expect(toE164(input)).toBe(expected);
  });

  it.each([
    "",
    "555-0101",
    "045 555-0101",
    "450 155-0101",
    "24505550101",
    "call me",
    "+0123456789",
    "+1234567890123456",
  ])("refuses %j", (input) => {
    expect(() => toE164(input)).toThrow(InvalidPhoneNumberError);
    expect(() => toE164(input)).toThrow(/is not a phone number we can text/);
  });
});
