import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./roles";

describe("safeReturnPath", () => {
  it.each([
    ["/office/customers/12", "/office/customers/12"],
    ["/office?q=tremblay", "/office?q=tremblay"],
    ["/office?q=tremblay#notes", "/office?q=tremblay#notes"],
    ["/portal", "/portal"],
    ["/", "/"],
    ["/office?q=a%2Fb", "/office?q=a%2Fb"],
    ["/office?q=caf%C3%A9", "/office?q=caf%C3%A9"],
  ])("keeps the same-origin path %s", (input, expected) => expect(safeReturnPath(input)).toBe(expected));

  // Each of these, given to window.location.assign, leaves the app's origin: browsers drop tabs
  // and newlines from URLs and read a backslash as a slash, so "/\t/evil" becomes "//evil".
  it.each([
    ["//evil.example/x"],
    ["https://evil.example"],
    ["http:evil.example"],
    ["javascript:alert(1)"],
    ["/\\evil.example"],
    ["\\\\evil.example"],
    ["/\t/evil.example"],
    ["/\n/evil.example"],
    ["/\r/evil.example"],
    ["/\r\n/evil.example"],
    ["\t//evil.example"],
    [" //evil.example"],
    ["/%09/evil.example"],
    ["/%0A/evil.example"],
    ["/%0a/evil.example"],
    ["/%0D/evil.example"],
    ["/%5Cevil.example"],
    ["/%5cevil.example"],
    ["/%2F/evil.example"],
    ["/%252F/evil.example"],
    ["%2F%2Fevil.example"],
    ["/\u0000/evil.example"],
    ["/office\u2028"],
    ["office"],
    ["?next=/x"],
    [""],
    [null],
    [undefined],
  ])("refuses %j", (input) => expect(safeReturnPath(input)).toBeNull());
});
