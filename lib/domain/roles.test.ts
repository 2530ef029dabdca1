import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./roles";

describe("safeReturnPath", () => {
  it.each([
    ["/office/customers/12", "/office/customers/12"],
    ["/office?q=tremblay", "/office?q=tremblay"],
    ["//evil.example/x", null],
    ["https://evil.example", null],
    ["/\\evil.example", null],
    ["", null],
    [null, null],
  ])("%s → %s", (input, expected) => expect(safeReturnPath(input)).toBe(expected));
});
