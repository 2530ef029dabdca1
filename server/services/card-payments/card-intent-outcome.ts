/**
 * What happens in our books when Stripe says how a PaymentIntent ended. Both the synchronous
 * answer to chargeInvoice and the webhook land here, in whichever order they arrive: the payment
 * is recorded once (a per-intent advisory lock, then a look-up by payments.stripe_payment_intent_id),
 * and a succeeded attempt is never moved back to failed by a late or out-of-order event.
 */
import { and, eq, ne, or, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { customers, invoices, paymentAttempts, payments } from "../../db/schema";
import type { CardPaymentIntent } from "../../integrations/stripe/payment-gateway";
import type { Actor } from "../actor";
import { recordPayment, type Allocation } from "../payments/record-payment";

function positiveInt(value: string | undefined): number | null {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** Matches the attempt by the intent's id, or, when our process died before storing it, by the metadata we sent. */
function attemptOfIntent(intent: Pick<CardPaymentIntent, "id" | "metadata">) {
  const invoiceId = positiveInt(intent.metadata.invoice_id);
  const attempt = positiveInt(intent.metadata.attempt);
  const byIntent = eq(paymentAttempts.stripePaymentIntentId, intent.id);
  return invoiceId && attempt
    ? or(byIntent, and(eq(paymentAttempts.invoiceId, invoiceId), eq(paymentAttempts.attempt, attempt)))!
    : byIntent;
}

async function customerOfIntent(tx: Queryable, intent: CardPaymentIntent): Promise<number | null> {
  const fromMetadata = positiveInt(intent.metadata.customer_id);
  if (fromMetadata) {
    const [row] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, fromMetadata));
    if (row) return row.id;
  }
  if (!intent.processorCustomerId) return null;
  const [row] = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(eq(customers.stripeCustomerId, intent.processorCustomerId));
  return row?.id ?? null;
}

export type SucceededIntentResult =
  { paymentId: number; recorded: "now" | "before" } | { paymentId: null; recorded: "unknown-customer" };

/** Call inside a transaction. Records the payment of a succeeded intent unless it already is. */
export async function applySucceededIntent(
  tx: Queryable,
  actor: Actor,
  intent: CardPaymentIntent,
): Promise<SucceededIntentResult> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`stripe-payment-intent:${intent.id}`}))`);
  await tx
    .update(paymentAttempts)
    .set({ status: "succeeded", stripePaymentIntentId: intent.id, lastError: null, updatedAt: sql`now()` })
    .where(attemptOfIntent(intent));

  const [existing] = await tx
    .select({ id: payments.id })
    .from(payments)
    .where(eq(payments.stripePaymentIntentId, intent.id));
  if (existing) return { paymentId: existing.id, recorded: "before" };

  const customerId = await customerOfIntent(tx, intent);
  if (!customerId) return { paymentId: null, recorded: "unknown-customer" };

  // The balance may have changed since the attempt was made (a cheque arrived): only what is
  // still owed goes to the invoice, the rest stays as the customer's credit.
  const allocations: Allocation[] = [];
  const invoiceId = positiveInt(intent.metadata.invoice_id);
  if (invoiceId) {
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).for("update");
    if (invoice && invoice.customerId === customerId && invoice.status === "open" && invoice.balanceCents > 0) {
      allocations.push({ invoiceId, amountCents: Math.min(invoice.balanceCents, intent.amountCents) });
    }
  }
  const { paymentId } = await recordPayment(
    tx,
    actor,
    {
      customerId,
      amountCents: intent.amountCents,
      method: "card",
      receivedAt: intent.createdAt,
      reference: intent.id,
      stripePaymentIntentId: intent.id,
      notes: invoiceId ? `Stripe card payment for invoice ${invoiceId}` : "Stripe card payment",
    },
    allocations,
  );
  return { paymentId, recorded: "now" };
}

/** A definitive failure of the intent; an attempt that already succeeded keeps its status. */
export async function markIntentFailed(
  tx: Queryable,
  intent: Pick<CardPaymentIntent, "id" | "metadata">,
  reason: string,
): Promise<void> {
  await tx
    .update(paymentAttempts)
    .set({
      status: "failed",
      stripePaymentIntentId: intent.id,
      lastError: reason.slice(0, 1000),
      updatedAt: sql`now()`,
    })
    .where(and(attemptOfIntent(intent), ne(paymentAttempts.status, "succeeded")));
}
