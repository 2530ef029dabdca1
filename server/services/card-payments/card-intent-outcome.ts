/**
 * What happens in our books when Stripe says how a PaymentIntent ended. Both the synchronous
 * answer to chargeInvoice and the webhook land here, in whichever order they arrive: the payment
 * is recorded once (a per-intent advisory lock, then a look-up by payments.stripe_payment_intent_id),
 * and a succeeded attempt is never moved back to failed by a late or out-of-order event.
 *
 * Before anything is written, the intent must fit what it claims (intentMismatch): our currency,
 * and for an intent naming an invoice, that invoice's customer (metadata and Stripe customer) and
 * one of our attempts for it, of the same amount. A signed webhook proves Stripe sent it, not that
 * it is ours (another environment sharing the account, an intent made by hand in the dashboard).
 * A mismatch records nothing but an audit entry and a log line, for a person to look at.
 */
import { and, eq, ne, or, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { customers, invoices, paymentAttempts, payments } from "../../db/schema";
import type { CardPaymentIntent } from "../../integrations/stripe/payment-gateway";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { recordPayment, type Allocation } from "../payments/record-payment";

/** Every invoice is in Canadian dollars; an amount in another currency is not a number of our cents. */
export const INVOICE_CURRENCY = "cad";

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
  | { paymentId: number; recorded: "now" | "before" }
  | { paymentId: null; recorded: "unknown-customer" }
  /** The intent does not fit the invoice, customer or attempt it names: nothing recorded (intentMismatch). */
  | { paymentId: null; recorded: "refused"; reason: string };

/** Why this succeeded intent may not be recorded, or null when it fits. */
export async function intentMismatch(tx: Queryable, intent: CardPaymentIntent): Promise<string | null> {
  if (intent.currency.toLowerCase() !== INVOICE_CURRENCY)
    return `currency ${intent.currency} is not ${INVOICE_CURRENCY}`;
  if (!Number.isSafeInteger(intent.amountCents) || intent.amountCents <= 0) return `amount ${intent.amountCents}`;
  const metadataCustomer = intent.metadata.customer_id;
  if (metadataCustomer !== undefined && !positiveInt(metadataCustomer))
    return `metadata customer_id ${metadataCustomer} is not a customer id`;
  const invoiceMetadata = intent.metadata.invoice_id;
  if (invoiceMetadata === undefined) {
    // Not one of our charges: credited to the customer it names, if its Stripe customer agrees.
    const customerId = positiveInt(metadataCustomer);
    if (customerId && intent.processorCustomerId) {
      const [row] = await tx
        .select({ stripeCustomerId: customers.stripeCustomerId })
        .from(customers)
        .where(eq(customers.id, customerId));
      if (row?.stripeCustomerId && row.stripeCustomerId !== intent.processorCustomerId)
        return `Stripe customer ${intent.processorCustomerId} is not customer ${customerId}'s`;
    }
    return null;
  }
  const invoiceId = positiveInt(invoiceMetadata);
  if (!invoiceId) return `metadata invoice_id ${invoiceMetadata} is not an invoice id`;
  const [invoice] = await tx
    .select({ customerId: invoices.customerId, kind: invoices.kind, stripeCustomerId: customers.stripeCustomerId })
    .from(invoices)
    .innerJoin(customers, eq(customers.id, invoices.customerId))
    .where(eq(invoices.id, invoiceId));
  if (!invoice) return `invoice ${invoiceId} does not exist`;
  if (invoice.kind !== "invoice") return `${invoiceId} is not an invoice`;
  if (metadataCustomer !== undefined && positiveInt(metadataCustomer) !== invoice.customerId)
    return `invoice ${invoiceId} is customer ${invoice.customerId}'s, not customer ${metadataCustomer}'s`;
  if (intent.processorCustomerId !== null && intent.processorCustomerId !== invoice.stripeCustomerId)
    return `Stripe customer ${intent.processorCustomerId} is not invoice ${invoiceId}'s customer`;
  const attempts = await tx
    .select({ invoiceId: paymentAttempts.invoiceId, amountCents: paymentAttempts.amountCents })
    .from(paymentAttempts)
    .where(attemptOfIntent(intent));
  if (attempts.length === 0) return `no charge attempt of invoice ${invoiceId} made it`;
  if (attempts.some((a) => a.invoiceId !== invoiceId)) return `it is recorded for another invoice`;
  if (attempts.some((a) => a.amountCents !== intent.amountCents))
    return `amount ${intent.amountCents} is not the attempt's ${attempts[0]!.amountCents}`;
  return null;
}

/** Call inside a transaction. Records the payment of a succeeded intent unless it already is. */
export async function applySucceededIntent(
  tx: Queryable,
  actor: Actor,
  intent: CardPaymentIntent,
): Promise<SucceededIntentResult> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`stripe-payment-intent:${intent.id}`}))`);
  const mismatch = await intentMismatch(tx, intent);
  if (mismatch) {
    console.warn(`stripe: succeeded PaymentIntent ${intent.id} not recorded: ${mismatch}`);
    await recordAudit(tx, actor, {
      action: "card_payment.intent_refused",
      entityType: "stripe_payment_intent",
      entityId: intent.id,
      changes: {
        reason: { from: null, to: mismatch },
        amountCents: { from: null, to: intent.amountCents },
        currency: { from: null, to: intent.currency },
        metadata: { from: null, to: intent.metadata },
        processorCustomerId: { from: null, to: intent.processorCustomerId },
      },
    });
    return { paymentId: null, recorded: "refused", reason: mismatch };
  }
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
