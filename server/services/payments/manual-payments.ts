/**
 * Payments a clerk records by hand (cheque, cash, Interac e-transfer, other), allocated at entry
 * or later from the customer's unallocated credit. The ledger rules (same customer, open invoice,
 * within its balance and within the payment) live in record-payment.ts; this adds the checks a
 * form needs and the one transaction, so a refused allocation leaves no payment behind.
 */
import { and, asc, eq, gt } from "drizzle-orm";
import type { Database, Queryable } from "../../db/client";
import { customers, invoices } from "../../db/schema";
import { localDate, localMidnight } from "../../../lib/domain/quebec-dates";
import { suggestAllocation } from "../../../lib/domain/billing/allocation";
import type { AllocatePaymentInput, RecordPaymentInput, SuggestAllocationInput } from "../../../lib/schemas/payments";
import type { Actor } from "../actor";
import { NotFoundError, RuleViolationError } from "../errors";
import { allocatePayment, recordPayment } from "./record-payment";

/** Noon local time of the day received: no time zone can move it to another day. */
function receivedAtOf(day: string): Date {
  return new Date(localMidnight(day).getTime() + 12 * 3_600_000);
}

export async function recordManualPayment(
  db: Database,
  actor: Actor,
  input: RecordPaymentInput,
  today = localDate(new Date()),
): Promise<{ paymentId: number }> {
  if (input.receivedOn > today)
    throw new RuleViolationError(
      `the payment date ${input.receivedOn} is in the future; enter the day the payment was received`,
      "receivedOn",
      { key: "errors.payment.futureDate", params: { date: input.receivedOn } },
    );
  const allocated = input.allocations.reduce((sum, a) => sum + a.amountCents, 0);
  if (allocated > input.amountCents) {
    throw new RuleViolationError(
      `the allocations total ${allocated} cents but the payment is ${input.amountCents} cents; lower an allocation or raise the amount`,
      "allocations",
      {
        key: "errors.payment.allocationsOverAmount",
        params: { allocated: allocated / 100, amount: input.amountCents / 100 },
      },
    );
  }
  return db.transaction(async (tx) => {
    const [customer] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, input.customerId));
    if (!customer) throw new NotFoundError("customer", input.customerId);
    return recordPayment(
      tx,
      actor,
      {
        customerId: input.customerId,
        amountCents: input.amountCents,
        method: input.method,
        receivedAt: receivedAtOf(input.receivedOn),
        reference: input.reference || null,
        notes: input.notes || null,
      },
      input.allocations,
    );
  });
}

export async function allocateCredit(
  db: Database,
  actor: Actor,
  input: AllocatePaymentInput,
): Promise<{ paymentId: number }> {
  await db.transaction((tx) => allocatePayment(tx, actor, input.paymentId, input.allocations));
  return { paymentId: input.paymentId };
}

/** The customer's open invoices with a balance, oldest due first: what the allocation table lists. */
export async function openInvoicesOf(db: Queryable, customerId: number) {
  return db
    .select({
      id: invoices.id,
      number: invoices.number,
      issueDate: invoices.issueDate,
      dueDate: invoices.dueDate,
      totalCents: invoices.totalCents,
      balanceCents: invoices.balanceCents,
    })
    .from(invoices)
    .where(
      and(
        eq(invoices.customerId, customerId),
        eq(invoices.status, "open"),
        eq(invoices.kind, "invoice"),
        gt(invoices.balanceCents, 0),
      ),
    )
    .orderBy(asc(invoices.dueDate), asc(invoices.issueDate), asc(invoices.id))
    .limit(500);
}

async function customerOf(db: Queryable, input: SuggestAllocationInput) {
  if (input.invoiceId !== undefined) {
    const [row] = await db
      .select({ id: customers.id, displayName: customers.displayName })
      .from(invoices)
      .innerJoin(customers, eq(customers.id, invoices.customerId))
      .where(eq(invoices.id, input.invoiceId));
    if (!row) throw new NotFoundError("invoice", input.invoiceId);
    return row;
  }
  const customerId = input.customerId ?? 0;
  const [row] = await db
    .select({ id: customers.id, displayName: customers.displayName })
    .from(customers)
    .where(eq(customers.id, customerId));
  if (!row) throw new NotFoundError("customer", customerId);
  return row;
}

export async function suggestAllocationFor(db: Queryable, input: SuggestAllocationInput) {
  const customer = await customerOf(db, input);
  const open = await openInvoicesOf(db, customer.id);
  const suggestion = suggestAllocation(input.amountCents, open);
  const amountOf = new Map(suggestion.allocations.map((a) => [a.invoiceId, a.amountCents]));
  return {
    customerId: customer.id,
    customerName: customer.displayName,
    amountCents: input.amountCents,
    invoices: open.map((invoice) => ({ ...invoice, suggestedCents: amountOf.get(invoice.id) ?? 0 })),
    allocations: suggestion.allocations,
    unallocatedCents: suggestion.unallocatedCents,
  };
}
