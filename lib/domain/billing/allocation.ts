/**
 * Which open invoices a payment should pay, when the clerk does not choose: the oldest debt
 * first (earliest due date, then earliest issue, then lowest id, so the order is total), each
 * up to its balance, until the payment runs out. What is left stays as credit on account.
 */
import { assertIsoDate } from "./periods";

export interface OpenInvoice {
  id: number;
  dueDate: string;
  issueDate: string;
  /** What is still owed, in cents. Zero or negative (credit notes) is never suggested. */
  balanceCents: number;
}

export interface SuggestedAllocation {
  allocations: Array<{ invoiceId: number; amountCents: number }>;
  /** Part of the payment no invoice takes: credit on account. */
  unallocatedCents: number;
}

export function suggestAllocation(amountCents: number, openInvoices: readonly OpenInvoice[]): SuggestedAllocation {
  if (!Number.isSafeInteger(amountCents) || amountCents < 0) {
    throw new RangeError(`amountCents must be a whole number of cents, 0 or more, got ${String(amountCents)}`);
  }
  for (const invoice of openInvoices) {
    assertIsoDate(invoice.dueDate, "dueDate");
    assertIsoDate(invoice.issueDate, "issueDate");
    if (!Number.isSafeInteger(invoice.balanceCents))
      throw new RangeError(
        `balanceCents of invoice ${invoice.id} must be whole cents, got ${String(invoice.balanceCents)}`,
      );
  }
  const oldestFirst = openInvoices
    .filter((invoice) => invoice.balanceCents > 0)
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.issueDate.localeCompare(b.issueDate) || a.id - b.id);
  const allocations: SuggestedAllocation["allocations"] = [];
  let left = amountCents;
  for (const invoice of oldestFirst) {
    if (left === 0) break;
    const amount = Math.min(left, invoice.balanceCents);
    allocations.push({ invoiceId: invoice.id, amountCents: amount });
    left -= amount;
  }
  return { allocations, unallocatedCents: left };
}

/**
 * An amount as a clerk types it ("86,22", "86.22", "1 250,00 $", "$40") into cents, or null
 * when it is not one. Parsed from the digits, never through floating point.
 */
export function parseAmountToCents(text: string): number | null {
  const compact = text.trim().replace(/[\s\u00a0\u202f$]/g, "");
  const match = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(compact);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}
