import { describe, expect, it } from "vitest";
import { portalConsentInput, portalProfileInput } from "./portal-account";

const valid = { name: "Julie Tremblay", phone: "450 555-0101", mobile: "", language: "fr" };

describe("portalProfileInput", () => {
  it.each([
    ["a full profile", valid, { ...valid, mobile: null }],
    ["blank phones clear the numbers", { ...valid, phone: "  ", mobile: "" }, { ...valid, phone: null, mobile: null }],
    ["a name is trimmed", { ...valid, name: "  Julie  " }, { ...valid, name: "Julie", mobile: null }],
  ])("accepts %s", (_label, input, parsed) => {
    expect(portalProfileInput.parse(input)).toEqual(parsed);
  });

  it.each([
    ["a one-letter name", { ...valid, name: "J" }, "errors.input.portalName"],
    ["a phone of words", { ...valid, phone: "call me" }, "errors.input.phone"],
    ["another language", { ...valid, language: "de" }, "errors.input.language"],
  ])("refuses %s with a message key", (_label, input, key) => {
    const result = portalProfileInput.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(key);
  });
});

describe("portalConsentInput", () => {
  it("takes email or sms only", () => {
    expect(portalConsentInput.safeParse({ channel: "sms", granted: false }).success).toBe(true);
    expect(portalConsentInput.safeParse({ channel: "fax", granted: true }).error?.issues[0]?.message).toBe(
      "errors.input.consentChannel",
    );
  });
});
