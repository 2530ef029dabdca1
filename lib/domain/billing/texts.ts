/**
 * Invoice lines carry a text key and its parameters, not a sentence, so the same line renders
 * in the customer's language on the portal, the PDF and the office pages. French first.
 * Period dates in parameters are the stored exclusive ends; the texts show the last day included.
 */
import { shiftDate } from "../quebec-dates";

export type Locale = "fr" | "en";

interface PeriodParams {
  plan: string;
  from: string;
  until: string;
}

export type LineText =
  | { key: "subscription"; params: PeriodParams }
  | { key: "activation"; params: PeriodParams }
  | { key: "planChangeCredit"; params: PeriodParams }
  | { key: "planChangeCharge"; params: PeriodParams }
  | { key: "suspensionCredit"; params: PeriodParams }
  | { key: "cancellationCredit"; params: PeriodParams }
  | { key: "giftPayback"; params: { campaign: string; remainingMonths: number; commitmentMonths: number } };

export type LineTextKey = LineText["key"];

/** Calendar dates are formatted at UTC noon so no time zone can move them to another day. */
function day(locale: Locale, isoDate: string): string {
  const formatted = new Intl.DateTimeFormat(locale === "fr" ? "fr-CA" : "en-CA", {
    timeZone: "UTC",
    day: "numeric",
    month: "long",
    year: "numeric",
  }).format(new Date(`${isoDate}T12:00:00Z`));
  // French writes the first of the month as an ordinal ("1er mars"); Intl does not.
  return locale === "fr" ? formatted.replace(/^1 /, "1er ") : formatted;
}

function span(locale: Locale, p: PeriodParams): string {
  const last = shiftDate(p.until, -1);
  return locale === "fr"
    ? `du ${day(locale, p.from)} au ${day(locale, last)}`
    : `${day(locale, p.from)} to ${day(locale, last)}`;
}

/** "60,00 $" in French, "$60.00" in English, as Quebec invoices write them. */
export function formatMoney(locale: Locale, cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`cents must be an integer, got ${String(cents)}`);
  return new Intl.NumberFormat(locale === "fr" ? "fr-CA" : "en-CA", { style: "currency", currency: "CAD" }).format(
    cents / 100,
  );
}

export function lineText(locale: Locale, text: LineText): string {
  if (locale !== "fr" && locale !== "en")
    throw new RangeError(`locale must be 'fr' or 'en', got ${JSON.stringify(locale)}`);
  const fr = locale === "fr";
  switch (text.key) {
    case "subscription":
      return `${text.params.plan} — ${span(locale, text.params)}`;
    case "activation":
      return fr
        ? `${text.params.plan} — mise en service, ${span(locale, text.params)}`
        : `${text.params.plan} — activation, ${span(locale, text.params)}`;
    case "planChangeCredit":
      return fr
        ? `Crédit pour changement de forfait : ${text.params.plan}, ${span(locale, text.params)}`
        : `Plan change credit: ${text.params.plan}, ${span(locale, text.params)}`;
    case "planChangeCharge":
      return fr
        ? `Changement de forfait : ${text.params.plan}, ${span(locale, text.params)}`
        : `Plan change: ${text.params.plan}, ${span(locale, text.params)}`;
    case "suspensionCredit":
      return fr
        ? `Crédit de suspension : ${text.params.plan}, ${span(locale, text.params)}`
        : `Suspension credit: ${text.params.plan}, ${span(locale, text.params)}`;
    case "cancellationCredit":
      return fr
        ? `Crédit d'annulation : ${text.params.plan}, ${span(locale, text.params)}`
        : `Cancellation credit: ${text.params.plan}, ${span(locale, text.params)}`;
    case "giftPayback": {
      const { remainingMonths: r, commitmentMonths: n } = text.params;
      return fr
        ? `Remboursement du cadeau de bienvenue : ${r} mois ${r > 1 ? "restants" : "restant"} sur ${n}`
        : `Welcome gift payback: ${r} of ${n} ${n > 1 ? "months" : "month"} remaining`;
    }
  }
}

/** The document's title: a negative subtotal makes it a credit note (see invoice.ts). */
export function documentTitle(locale: Locale, kind: "invoice" | "credit-note"): string {
  if (kind === "credit-note") return locale === "fr" ? "Note de crédit" : "Credit note";
  return locale === "fr" ? "Facture" : "Invoice";
}
