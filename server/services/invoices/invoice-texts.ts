/**
 * Words of the invoice PDF and email, in the invoice's own language (invoices.language), which
 * may differ from the language of whoever is looking at the office page.
 */
import { documentTitle, formatMoney, type Locale } from "../../../lib/domain/billing/texts";

const LABELS = {
  fr: {
    number: "Numéro",
    issued: "Date d'émission",
    due: "Échéance",
    period: "Période",
    account: "Compte",
    billedTo: "Facturé à",
    description: "Description",
    quantity: "Qté",
    unitPrice: "Prix unitaire",
    amount: "Montant",
    subtotal: "Sous-total",
    gst: "TPS (5 %)",
    qst: "TVQ (9,975 %)",
    total: "Total",
    paid: "Montant payé",
    balance: "Solde",
    creditBalance: "Solde en votre faveur",
    gstNumber: "No de TPS",
    qstNumber: "No de TVQ",
    page: "Page",
    thanks: "Merci de votre confiance.",
  },
  en: {
    number: "Number",
    issued: "Issue date",
    due: "Due date",
    period: "Period",
    account: "Account",
    billedTo: "Bill to",
    description: "Description",
    quantity: "Qty",
    unitPrice: "Unit price",
    amount: "Amount",
    subtotal: "Subtotal",
    gst: "GST (5%)",
    qst: "QST (9.975%)",
    total: "Total",
    paid: "Amount paid",
    balance: "Balance",
    creditBalance: "Balance in your favour",
    gstNumber: "GST No.",
    qstNumber: "QST No.",
    page: "Page",
    thanks: "Thank you for your business.",
  },
} as const;

export type InvoiceLabels = (typeof LABELS)[Locale];

export function invoiceLabels(locale: Locale): InvoiceLabels {
  return LABELS[locale];
}

export function asLocale(value: string): Locale {
  return value === "en" ? "en" : "fr";
}

/** Calendar dates are formatted at UTC noon so no time zone moves them to another day. */
export function spelledDate(locale: Locale, isoDate: string): string {
  const formatted = new Intl.DateTimeFormat(locale === "fr" ? "fr-CA" : "en-CA", {
    timeZone: "UTC",
    day: "numeric",
    month: "long",
    year: "numeric",
  }).format(new Date(`${isoDate}T12:00:00Z`));
  return locale === "fr" ? formatted.replace(/^1 /, "1er ") : formatted;
}

/** invoices.period_end is the last day included (the billing run and the seed both store it so). */
export function periodText(locale: Locale, start: string | null, end: string | null): string | null {
  if (!start || !end) return null;
  return locale === "fr"
    ? `du ${spelledDate(locale, start)} au ${spelledDate(locale, end)}`
    : `${spelledDate(locale, start)} to ${spelledDate(locale, end)}`;
}

export interface InvoiceEmailFacts {
  locale: Locale;
  kind: "invoice" | "credit_note";
  number: string;
  customerName: string;
  providerName: string;
  totalCents: number;
  balanceCents: number;
  dueDate: string;
}

export function invoiceEmail(facts: InvoiceEmailFacts): { subject: string; text: string; html: string } {
  const { locale } = facts;
  const fr = locale === "fr";
  const title = documentTitle(locale, facts.kind === "credit_note" ? "credit-note" : "invoice");
  const subject = fr
    ? `${title} ${facts.number} — ${facts.providerName}`
    : `${title} ${facts.number} from ${facts.providerName}`;
  const total = formatMoney(locale, facts.totalCents);
  const owed = facts.kind === "invoice" && facts.balanceCents > 0;
  const paragraphs = [
    fr ? `Bonjour ${facts.customerName},` : `Hello ${facts.customerName},`,
    facts.kind === "credit_note"
      ? fr
        ? `Vous trouverez ci-jointe votre note de crédit ${facts.number}, d'un montant de ${total} en votre faveur.`
        : `Attached is your credit note ${facts.number} for ${total} in your favour.`
      : fr
        ? `Vous trouverez ci-jointe votre facture ${facts.number}, d'un montant de ${total}.`
        : `Attached is your invoice ${facts.number} for ${total}.`,
    owed
      ? fr
        ? `Solde à payer : ${formatMoney(locale, facts.balanceCents)}, au plus tard le ${spelledDate(locale, facts.dueDate)}.`
        : `Balance due: ${formatMoney(locale, facts.balanceCents)}, by ${spelledDate(locale, facts.dueDate)}.`
      : fr
        ? "Aucun paiement n'est requis pour ce document."
        : "No payment is needed for this document.",
    fr ? `Merci de votre confiance,\n${facts.providerName}` : `Thank you for your business,\n${facts.providerName}`,
  ];
  const escape = (s: string) =>
    s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const html = `<!doctype html><html lang="${locale}"><body>${paragraphs.map((p) => `<p>${escape(p).replace(/\n/g, "<br>")}</p>`).join("")}</body></html>`;
  return { subject, text: paragraphs.join("\n\n"), html };
}
