/**
 * An invoice is its lines, their sum, and the Quebec taxes on that sum. Taxes are computed once
 * on the subtotal (not per line) by applyQuebecTaxes, the same rounding as everywhere else.
 * When credits outweigh charges the subtotal is negative: the document is then a credit note,
 * its taxes are negative too (tax given back), and the amount is owed to the customer (kept as
 * a balance or refunded: that is the payments' business, not this rule's).
 */
import { applyQuebecTaxes } from "../quebec-taxes";
import type { InvoiceLine } from "./lines";
import { assertLine } from "./lines";

export interface TaxProvider {
  /** GST/HST registration number, e.g. "123456789 RT0001". */
  gstNumber: string;
  /** QST registration number, e.g. "1234567890 TQ0001". */
  qstNumber: string;
}

export interface Invoice {
  kind: "invoice" | "credit-note";
  lines: InvoiceLine[];
  subtotalCents: number;
  gstCents: number;
  qstCents: number;
  totalCents: number;
  gstNumber: string;
  qstNumber: string;
}

export function buildInvoice(lines: readonly InvoiceLine[], provider: TaxProvider): Invoice {
  // Checked as unknown: JS callers may pass anything, and Array.isArray would narrow a readonly array to any[].
  const given: unknown = lines;
  if (!Array.isArray(given) || lines.length === 0) throw new RangeError("an invoice needs at least one line");
  // Both numbers must be printed on an invoice for the customer to claim input tax credits.
  for (const field of ["gstNumber", "qstNumber"] as const) {
    const value = provider?.[field];
    if (typeof value !== "string" || value.trim() === "")
      throw new RangeError(`provider.${field} is required on an invoice`);
  }
  lines.forEach(assertLine);
  const subtotal = lines.reduce((sum, line) => sum + line.amountCents, 0);
  if (!Number.isSafeInteger(subtotal)) throw new RangeError("the invoice subtotal exceeds the exact integer range");
  const taxed = applyQuebecTaxes(subtotal);
  return {
    kind: subtotal < 0 ? "credit-note" : "invoice",
    lines: [...lines],
    ...taxed,
    gstNumber: provider.gstNumber.trim(),
    qstNumber: provider.qstNumber.trim(),
  };
}
