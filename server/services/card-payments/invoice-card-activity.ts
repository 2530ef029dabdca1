import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { ServiceDeps } from "../deps";
import type { Database } from "../../db/client";
import { customers, invoices, paymentAllocations, paymentAttempts, payments, refunds } from "../../db/schema";
import type { InvoiceCardSummary, PaymentAttemptView } from "../../../lib/schemas/card-payments";
import { NotFoundError } from "../errors";

async function invoiceOrThrow(db: Database, invoiceId: number) {
  const [row] = await db
    .select({ invoice: invoices, hasSavedCard: sql<boolean>`${customers.stripeDefaultPaymentMethodId} is not null` })
    .from(invoices)
    .innerJoin(customers, eq(customers.id, invoices.customerId))
    .where(eq(invoices.id, invoiceId));
  if (!row) throw new NotFoundError("invoice", invoiceId);
  return row;
}

export async function listPaymentAttempts(db: Database, invoiceId: number): Promise<PaymentAttemptView[]> {
  await invoiceOrThrow(db, invoiceId);
  return db
    .select({
      id: paymentAttempts.id,
      attempt: paymentAttempts.attempt,
      status: paymentAttempts.status,
      amountCents: paymentAttempts.amountCents,
      idempotencyKey: paymentAttempts.idempotencyKey,
      stripePaymentIntentId: paymentAttempts.stripePaymentIntentId,
      lastError: paymentAttempts.lastError,
      createdAt: paymentAttempts.createdAt,
      updatedAt: paymentAttempts.updatedAt,
    })
    .from(paymentAttempts)
    .where(eq(paymentAttempts.invoiceId, invoiceId))
    .orderBy(asc(paymentAttempts.attempt));
}

/** What the invoice page needs to offer card actions: can it be charged, and which card payments can be refunded. */
export async function invoiceCardSummary(
  deps: Pick<ServiceDeps, "db" | "payments">,
  invoiceId: number,
): Promise<InvoiceCardSummary> {
  const { db } = deps;
  const { invoice, hasSavedCard } = await invoiceOrThrow(db, invoiceId);
  const cardPayments = await db
    .select({
      paymentId: payments.id,
      amountCents: payments.amountCents,
      refundedCents: payments.refundedCents,
      status: payments.status,
      receivedAt: payments.receivedAt,
      stripePaymentIntentId: payments.stripePaymentIntentId,
      allocatedCents: paymentAllocations.amountCents,
      pendingRefundCents: sql<number>`(select coalesce(sum(${refunds.amountCents}), 0)::int from ${refunds} where ${refunds.paymentId} = ${payments.id} and ${refunds.status} = 'pending')`,
    })
    .from(paymentAllocations)
    .innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
    .where(and(eq(paymentAllocations.invoiceId, invoiceId), isNotNull(payments.stripePaymentIntentId)))
    .orderBy(asc(payments.id));
  const stripeConfigured = deps.payments !== null;
  return {
    invoiceId,
    number: invoice.number,
    status: invoice.status,
    balanceCents: invoice.balanceCents,
    stripeConfigured,
    hasSavedCard,
    canCharge:
      stripeConfigured &&
      hasSavedCard &&
      invoice.kind === "invoice" &&
      invoice.status === "open" &&
      invoice.balanceCents > 0,
    cardPayments: cardPayments.map((p) => ({
      ...p,
      refundableCents:
        p.status === "succeeded" ? Math.max(0, p.amountCents - p.refundedCents - Number(p.pendingRefundCents)) : 0,
    })),
  };
}
