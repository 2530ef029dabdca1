import { describe, expect, it } from "vitest";
import { reminderEmail, reminderSms, spelledDate, suspensionSms } from "./dunning-notices";

const facts = {
  providerName: "Fibre Démo inc.",
  customerName: "Julie Lavoie",
  invoiceNumber: "F-202611-0042",
  balanceCents: 8622,
  dueDate: "2026-12-01",
  reminder: 1,
};

describe("dunning notices", () => {
  it.each([
    ["fr", "2026-12-01", "1er décembre 2026"],
    ["fr", "2026-12-02", "2 décembre 2026"],
    ["en", "2026-12-01", "December 1, 2026"],
  ] as const)("spells %s %s as %s", (locale, date, expected) => {
    expect(spelledDate(locale, date)).toBe(expected);
  });

  it("writes the reminder SMS with the amount and due date in the customer's language", () => {
    expect(reminderSms("fr", facts)).toBe(
      "Fibre Démo inc. : la facture F-202611-0042 (86,22 $) était payable le 1er décembre 2026. Payez dans votre espace client pour éviter une suspension du service.",
    );
    expect(reminderSms("en", facts)).toBe(
      "Fibre Démo inc.: invoice F-202611-0042 ($86.22) was due on December 1, 2026. Pay in your customer portal to avoid a service suspension.",
    );
  });

  it("keeps SMS within two GSM-7 segments", () => {
    // GSM 03.38 basic set, enough for our texts: any other character makes the SMS UCS-2.
    const gsm7 = /^[A-Za-z0-9 \n@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà]*$/;
    for (const locale of ["fr", "en"] as const) {
      for (const sms of [
        reminderSms(locale, facts),
        suspensionSms(locale, {
          providerName: facts.providerName,
          customerName: facts.customerName,
          overdueCents: 1234567,
        }),
      ]) {
        expect(sms).toMatch(gsm7);
        expect(sms.length).toBeLessThanOrEqual(306);
      }
    }
  });

  it("puts the invoice and amount in the reminder email's subject", () => {
    expect(reminderEmail("fr", facts).subject).toBe("Rappel : facture F-202611-0042 en retard (86,22\u00a0$)");
    expect(reminderEmail("en", facts).text).toContain("was due on December 1, 2026");
  });
});
