import { describe, expect, it } from "vitest";
import { replyChannelFor, type CustomerContact, type OriginChannel } from "./reply-channel";

const both: CustomerContact = { email: "a@b.test", smsNumber: "+14505550101", smsConsent: null, emailConsent: null };

describe("replyChannelFor", () => {
  it.each<[string, OriginChannel, CustomerContact | null, string]>([
    ["came by SMS", "sms", both, "sms"],
    ["came by email", "email", both, "email"],
    ["opened in the portal", "portal", both, "email"],
    ["logged by staff (a call)", "note", both, "email"],
    ["came by SMS but the customer opted out of SMS", "sms", { ...both, smsConsent: false }, "email"],
    ["came by SMS, no number on file any more", "sms", { ...both, smsNumber: null }, "email"],
    ["came by email, email withdrawn, can be texted", "email", { ...both, emailConsent: false }, "sms"],
    ["no email, opted out of SMS", "sms", { ...both, email: null, smsConsent: false }, "portal"],
    ["no contact at all", "email", { email: null, smsNumber: null, smsConsent: null, emailConsent: null }, "portal"],
    ["no customer on the ticket", "sms", null, "portal"],
  ])("%s → %s", (_name, origin, contact, expected) => {
    expect(replyChannelFor(origin, contact)).toBe(expected);
  });
});
