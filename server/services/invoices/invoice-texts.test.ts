import { describe, expect, it } from "vitest";
import { invoiceEmail, periodText, spelledDate } from "./invoice-texts";
import { winAnsiText } from "./invoice-pdf";

describe("winAnsiText", () => {
  it.each([
    ["Échéance : 1er décembre — 60,00 $", "Échéance : 1er décembre — 60,00 $"],
    ["12\u202f345,67\u00a0$", "12\u00a0345,67\u00a0$"],
    ["\u221248,28 $", "-48,28 $"],
    ["Łódź", "?ódz"],
    ["漢字", "??"],
  ])("%j prints as %j", (input, expected) => {
    expect(winAnsiText(input)).toBe(expected);
  });
});

describe("invoice dates", () => {
  it.each([
    ["fr", "2026-12-01", "1er décembre 2026"],
    ["fr", "2026-11-15", "15 novembre 2026"],
    ["en", "2026-12-01", "December 1, 2026"],
  ] as const)("%s %s → %s", (locale, date, expected) => {
    expect(spelledDate(locale, date)).toBe(expected);
  });

  it("shows the stored period with its last day, and nothing without one", () => {
    expect(periodText("fr", "2026-11-01", "2026-11-30")).toBe("du 1er novembre 2026 au 30 novembre 2026");
    expect(periodText("en", "2026-11-15", "2026-12-14")).toBe("November 15, 2026 to December 14, 2026");
    expect(periodText("fr", null, null)).toBeNull();
  });
});

describe("invoiceEmail", () => {
  const facts = {
    number: "F2026-000042",
    customerName: "Julie <Lavoie>",
    providerName: "Fibre Démo inc.",
    totalCents: 8622,
    balanceCents: 8622,
    dueDate: "2026-12-22",
  };

  it("writes the invoice email in French with the balance and due date", () => {
    const mail = invoiceEmail({ ...facts, locale: "fr", kind: "invoice" });
    expect(mail.subject).toBe("Facture F2026-000042 — Fibre Démo inc.");
    expect(mail.text).toContain("86,22");
    expect(mail.text).toContain("au plus tard le 22 décembre 2026");
    expect(mail.html).toContain("Julie &lt;Lavoie&gt;");
    expect(mail.html).not.toContain("<Lavoie>");
  });

  it("says a credit note needs no payment, in English", () => {
    const mail = invoiceEmail({ ...facts, locale: "en", kind: "credit_note", totalCents: -4828, balanceCents: -4828 });
    expect(mail.subject).toBe("Credit note F2026-000042 from Fibre Démo inc.");
    expect(mail.text).toContain("-$48.28 in your favour");
    expect(mail.text).toContain("No payment is needed");
  });
});
