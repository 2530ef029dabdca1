/**
 * Stripe's webhook events, applied once each: the stripe_events row is inserted (ON CONFLICT DO
 * NOTHING) in the same transaction that applies the event, so a redelivery, or five concurrent
 * deliveries, find the row and change nothing; a failure rolls both back and Stripe retries.
 */
import { eq, or, sql } from "drizzle-orm";
import type { Database, Queryable } from "../../db/client";
import { payments, refunds, stripeEvents } from "../../db/schema";
import type { CardRefund, GatewayEvent } from "../../integrations/stripe/payment-gateway";
import { paymentIntentOfEvent, refundsOfEvent } from "../../integrations/stripe/stripe-gateway";
import { STRIPE_WEBHOOK_ACTOR } from "./card-gateway";
import { applySucceededIntent, markIntentFailed } from "./card-intent-outcome";
import { settleRefund } from "./refund-books";
import type { CardSetupIntent } from "../../integrations/stripe/payment-gateway";
import { applyCheckoutEvent, isPortalCheckoutEvent } from "../portal/portal-pay";

export interface StripeEventResult {
  /** false when this event id was already received: nothing was done. */
  applied: boolean;
  /** The portal checkout this event paid (its receipt is then due), when it concerns one. */
  portalCheckoutId?: number | null;
}

/** Finds our row for a Stripe refund; a refund made in Stripe's dashboard gets one, when it fits the payment. */
async function refundRowFor(tx: Queryable, refund: CardRefund): Promise<number | null> {
  const ourId = Number(refund.metadata.refund_id);
  const [row] = await tx
    .select({ id: refunds.id })
    .from(refunds)
    .where(
      Number.isSafeInteger(ourId) && ourId > 0
        ? or(eq(refunds.stripeRefundId, refund.id), eq(refunds.id, ourId))
        : eq(refunds.stripeRefundId, refund.id),
    );
  if (row) return row.id;
  if (!refund.paymentIntentId || refund.amountCents <= 0) return null;
  const [payment] = await tx
    .select()
    .from(payments)
    .where(eq(payments.stripePaymentIntentId, refund.paymentIntentId))
    .for("update");
  if (!payment) return null;
  const [{ reserved }] = (await tx
    .select({ reserved: sql<number>`coalesce(sum(${refunds.amountCents}), 0)::int` })
    .from(refunds)
    .where(sql`${refunds.paymentId} = ${payment.id} and ${refunds.status} = 'pending'`)) as [{ reserved: number }];
  if (refund.amountCents > payment.amountCents - payment.refundedCents - reserved) return null;
  const [created] = await tx
    .insert(refunds)
    .values({
      paymentId: payment.id,
      amountCents: refund.amountCents,
      reason: "Refunded in Stripe",
      idempotencyKey: `stripe-${refund.id}`,
      stripeRefundId: refund.id,
      status: "pending",
      createdBy: null,
    })
    .onConflictDoNothing()
    .returning({ id: refunds.id });
  return created?.id ?? null;
}

async function applyEvent(tx: Queryable, event: GatewayEvent): Promise<void> {
  switch (event.type) {
    case "payment_intent.succeeded": {
      const intent = paymentIntentOfEvent(event);
      if (intent) await applySucceededIntent(tx, STRIPE_WEBHOOK_ACTOR, intent);
      return;
    }
    case "payment_intent.payment_failed":
    case "payment_intent.canceled": {
      const intent = paymentIntentOfEvent(event);
      if (intent) await markIntentFailed(tx, intent, intent.failureMessage ?? event.type);
      return;
    }
    case "charge.refunded":
    case "refund.created":
    case "refund.updated":
    case "refund.failed": {
      for (const refund of refundsOfEvent(event)) {
        const rowId = await refundRowFor(tx, refund);
        if (rowId) await settleRefund(tx, STRIPE_WEBHOOK_ACTOR, rowId, refund);
      }
      return;
    }
    default:
      // Stored and acknowledged: Stripe stops resending it, and the row shows it arrived.
      return;
  }
}

/**
 * `setup`: for a completed portal setup session, its SetupIntent as read from Stripe before the
 * transaction (portal-pay's prepareCheckoutEvent).
 */
export async function handleStripeEvent(
  db: Database,
  event: GatewayEvent,
  setup: CardSetupIntent | null = null,
): Promise<StripeEventResult> {
  return db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(stripeEvents)
      .values({
        id: event.id,
        type: event.type,
        stripeCreatedAt: new Date(event.created * 1000),
        objectId: typeof event.data.object.id === "string" ? event.data.object.id : null,
        payload: event,
      })
      .onConflictDoNothing({ target: stripeEvents.id })
      .returning({ id: stripeEvents.id });
    if (!inserted) return { applied: false };
    // Portal Checkout payments are matched to their portal_checkouts row, not to a charge attempt.
    const portalCheckoutId = isPortalCheckoutEvent(event) ? await applyCheckoutEvent(tx, event, setup) : undefined;
    if (portalCheckoutId === undefined) await applyEvent(tx, event);
    await tx
      .update(stripeEvents)
      .set({ processedAt: sql`now()` })
      .where(eq(stripeEvents.id, event.id));
    return { applied: true, portalCheckoutId };
  });
}
