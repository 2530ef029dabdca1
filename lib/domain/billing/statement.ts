/**
 * A customer's yearly statement: the invoices and credit notes issued in a calendar year, the
 * payments received in it, and their totals (taxes apart, for the customer's records). Pure:
 * payments come with their Quebec calendar date.
 */

export interface StatementInvoice {
  id: number;
  number: string;
  kind: "invoice" | "credit_note";
  issueDate: string;
  subtotalCents: number;
  gstCents: number;
  qstCents: number;
  totalCents: number;
}

export interface StatementPayment {
  id: number;
  /** Quebec calendar date the payment was received. */
  date: string;
  method: string;
  amountCents: number;
  refundedCents: number;
}

export interface YearlyStatement {
  year: number;
  invoices: StatementInvoice[];
  payments: StatementPayment[];
  totals: {
    subtotalCents: number;
    gstCents: number;
    qstCents: number;
    /** Invoices less credit notes, taxes included. */
    invoicedCents: number;
    /** Payments less what was refunded of them. */
    paidCents: number;
  };
}

/** Credit notes are stored with positive amounts or negative ones depending on their source: they always count against. */
const signed = (inv: StatementInvoice, cents: number) => (inv.kind === "credit_note" ? -Math.abs(cents) : cents);

export function yearlyStatement(
  year: number,
  invoices: readonly StatementInvoice[],
  payments: readonly StatementPayment[],
): YearlyStatement {
  if (!Number.isInteger(year) || year < 1900 || year > 9999)
    throw new RangeError(`year must be a calendar year, got ${year}`);
  const prefix = `${String(year)}-`;
  const inYear = invoices
    .filter((i) => i.issueDate.startsWith(prefix))
    .sort((a, b) => a.issueDate.localeCompare(b.issueDate) || a.id - b.id);
  const paid = payments
    .filter((p) => p.date.startsWith(prefix))
    .sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id);
  const sum = (pick: (i: StatementInvoice) => number) => inYear.reduce((s, i) => s + signed(i, pick(i)), 0);
  return {
    year,
    invoices: inYear,
    payments: paid,
    totals: {
      subtotalCents: sum((i) => i.subtotalCents),
      gstCents: sum((i) => i.gstCents),
      qstCents: sum((i) => i.qstCents),
      invoicedCents: sum((i) => i.totalCents),
      paidCents: paid.reduce((s, p) => s + p.amountCents - p.refundedCents, 0),
    },
  };
}

/** The years a customer has a statement for: any year with an invoice or a payment, newest first. */
export function statementYears(invoiceDates: readonly string[], paymentDates: readonly string[]): number[] {
  const years = new Set([...invoiceDates, ...paymentDates].map((d) => Number(d.slice(0, 4))));
  return [...years].filter((y) => Number.isInteger(y) && y > 0).sort((a, b) => b - a);
}
