import { describe, expect, it } from "vitest";
import { isRefusedMail, MailRefusedError } from "./mailer";

/** nodemailer's errors carry `code` and, when the server answered, `responseCode`. */
const smtp = (code: string, responseCode?: number) =>
  Object.assign(new Error(code), { code, ...(responseCode ? { responseCode } : {}) });

describe("isRefusedMail: only a send the server certainly did not take may be sent again", () => {
  it.each<[string, unknown, boolean]>([
    ["550 mailbox unavailable after DATA", smtp("EMESSAGE", 550), true],
    ["451 try again later", smtp("EMESSAGE", 451), true],
    ["553 recipient refused", smtp("EENVELOPE", 553), true],
    ["connection refused", smtp("ECONNECTION"), true],
    ["login refused", smtp("EAUTH", 535), true],
    ["rejected recipients", new MailRefusedError("the SMTP server refused x"), true],
    ["timeout: may have been queued", smtp("ETIMEDOUT"), false],
    ["socket closed after DATA: may have been queued", smtp("ESOCKET"), false],
    ["plain error", new Error("boom"), false],
    ["not an error", "boom", false],
    ["null", null, false],
  ])("%s → %s", (_what, error, expected) => {
    expect(isRefusedMail(error)).toBe(expected);
  });
});
