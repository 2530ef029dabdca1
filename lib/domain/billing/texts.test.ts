import { describe, expect, it } from "vitest";
import type { LineText, Locale } from "./texts";
import { documentTitle, formatMoney, lineText } from "./texts";

const plan = "Fibre 500";
describe("lineText", () => {
  it.each<[Locale, LineText, string]>([
    [
      "fr",
      { key: "giftPayback", params: { campaign: "BIENVENUE60", remainingMonths: 2, commitmentMonths: 3 } },
      "Remboursement du cadeau de bienvenue : 2 mois restants sur 3",
    ],
    [
      "en",
      { key: "giftPayback", params: { campaign: "BIENVENUE60", remainingMonths: 2, commitmentMonths: 3 } },
      "Welcome gift payback: 2 of 3 months remaining",
    ],
    [
      "fr",
      { key: "giftPayback", params: { campaign: "X", remainingMonths: 1, commitmentMonths: 12 } },
      "Remboursement du cadeau de bienvenue : 1 mois restant sur 12",
    ],
    [
      "en",
      { key: "giftPayback", params: { campaign: "X", remainingMonths: 1, commitmentMonths: 12 } },
      "Welcome gift payback: 1 of 12 months remaining",
    ],
    [
      "fr",
      { key: "subscription", params: { plan, from: "2026-01-28", until: "2026-02-28" } },
      "Fibre 500 — du 28 janvier 2026 au 27 février 2026",
    ],
    [
      "en",
      { key: "subscription", params: { plan, from: "2026-01-28", until: "2026-02-28" } },
      "Fibre 500 — January 28, 2026 to February 27, 2026",
    ],
    [
      "fr",
      { key: "activation", params: { plan, from: "2028-02-29", until: "2028-03-28" } },
      "Fibre 500 — mise en service, du 29 février 2028 au 27 mars 2028",
    ],
    [
      "en",
      { key: "planChangeCredit", params: { plan, from: "2026-03-08", until: "2026-04-01" } },
      "Plan change credit: Fibre 500, March 8, 2026 to March 31, 2026",
    ],
    [
      "fr",
      { key: "planChangeCharge", params: { plan, from: "2026-03-08", until: "2026-04-01" } },
      "Changement de forfait : Fibre 500, du 8 mars 2026 au 31 mars 2026",
    ],
    [
      "fr",
      { key: "suspensionCredit", params: { plan, from: "2026-11-01", until: "2026-11-02" } },
      "Crédit de suspension : Fibre 500, du 1er novembre 2026 au 1er novembre 2026",
    ],
    [
      "en",
      { key: "cancellationCredit", params: { plan, from: "2026-11-01", until: "2026-12-01" } },
      "Cancellation credit: Fibre 500, November 1, 2026 to November 30, 2026",
    ],
  ])("%s %o", (locale, text, expected) => {
    expect(lineText(locale, text).replace(/\u202f|\u00a0/g, " ")).toBe(expected);
  });

  it("refuses an unknown locale", () => {
    expect(() =>
      lineText("de" as Locale, {
        key: "giftPayback",
        params: { campaign: "X", remainingMonths: 1, commitmentMonths: 3 },
      }),
    ).toThrow(/locale must be 'fr' or 'en'/);
  });
});

describe("formatMoney", () => {
  it.each<[Locale, number, string]>([
    ["fr", 4000, "40,00 $"],
    ["en", 4000, "$40.00"],
    ["fr", -599, "-5,99 $"],
    ["en", -599, "-$5.99"],
  ])("%s %i", (locale, cents, expected) =>
    expect(formatMoney(locale, cents).replace(/\u202f|\u00a0|\u2212/g, (c) => (c === "\u2212" ? "-" : " "))).toBe(
      expected,
    ),
  );
});

describe("documentTitle", () => {
  it.each<[Locale, "invoice" | "credit-note", string]>([
    ["fr", "invoice", "Facture"],
    ["en", "invoice", "Invoice"],
    ["fr", "credit-note", "Note de crédit"],
    ["en", "credit-note", "Credit note"],
  ])("%s %s → %s", (locale, kind, title) => expect(documentTitle(locale, kind)).toBe(title));
});
