/**
 * Refunds part or all of a card payment through Stripe. The refunds row (and its idempotency
 * key) is committed first; a retry of a refund whose answer was lost sends the same key again
 * instead of refunding twice. The books change only when Stripe says the refund succeeded.
 */
import { and, count, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { payments, refunds } from "../../db/schema";
import { PaymentRefusedError } from "../../integrations/stripe/payment-gateway";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { NotFoundError, RuleViolationError } from "../errors";
import { requirePaymentGateway } from "./card-gateway";
import type { ServiceDeps } from "../deps";
import { settleRefund } from "./refund-books";

type RefundRow = typeof refunds.$inferSelect;

export interface RefundResult {
  refundId: number;
  status: RefundRow["status"];
  stripeRefundId: string | null;
  amountCents: number;
}

async function claimRefund(
  db: Database,
  actor: Actor,
  paymentId: number,
  amountCents: number,
  reason: string | null,
): Promise<{ row: RefundRow; paymentIntentId: string }> {
  return db.transaction(async (tx) => {
    const [payment] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for("update");
    if (!payment) throw new NotFoundError("payment", paymentId);
    if (!payment.stripePaymentIntentId)
      throw new RuleViolationError(
        `payment ${paymentId} was not made by card through Stripe; refund it the way it was paid`,
        "paymentId",
        { key: "errors.cardPayment.notByCard", params: { payment: paymentId } },
      );
    if (payment.status !== "succeeded")
      throw new RuleViolationError(
        `payment ${paymentId} is ${payment.status}; nothing is left to refund`,
        "paymentId",
        { key: "errors.cardPayment.nothingToRefund", params: { payment: paymentId } },
      );

    const pending = await tx
      .select()
      .from(refunds)
      .where(and(eq(refunds.paymentId, paymentId), eq(refunds.status, "pending")));
    // Sent but never answered: its outcome is unknown, so it is retried with its own key, not doubled.
    const unanswered = pending.find((r) => r.stripeRefundId === null);
    if (unanswered) {
      if (unanswered.amountCents === amountCents)
        return { row: unanswered, paymentIntentId: payment.stripePaymentIntentId };
      throw new RuleViolationError(
        `a refund of ${unanswered.amountCents} cents on this payment is still unconfirmed; retry that amount first`,
        "amountCents",
        { key: "errors.cardPayment.refundUnconfirmed", params: { amount: unanswered.amountCents / 100 } },
      );
    }
    const reserved = pending.reduce((sum, r) => sum + r.amountCents, 0);
    const refundable = payment.amountCents - payment.refundedCents - reserved;
    if (amountCents > refundable) {
      throw new RuleViolationError(
        `at most ${refundable} cents of payment ${paymentId} can be refunded (${payment.amountCents} paid, ${payment.refundedCents} refunded, ${reserved} pending); ${amountCents} cents is too much`,
        "amountCents",
        { key: "errors.cardPayment.refundTooMuch", params: { refundable: refundable / 100 } },
      );
    }
    const [{ n }] = (await tx.select({ n: count() }).from(refunds).where(eq(refunds.paymentId, paymentId))) as [
      { n: number },
    ];
    const [row] = await tx
      .insert(refunds)
      .values({
        paymentId,
        amountCents,
        reason,
        idempotencyKey: `payment-${paymentId}-refund-${Number(n) + 1}`,
        status: "pending",
        createdBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, actor, {
      action: "payment.refund_requested",
      entityType: "payment",
      entityId: paymentId,
      changes: { refundAmountCents: { from: null, to: amountCents }, reason: { from: null, to: reason } },
    });
    return { row: row!, paymentIntentId: payment.stripePaymentIntentId };
  });
}

export async function refundPayment(
  deps: Pick<ServiceDeps, "db" | "payments">,
  actor: Actor,
  input: { paymentId: number; amountCents: number; reason: string | null },
): Promise<RefundResult> {
  const { db } = deps;
  const { paymentId, amountCents, reason } = input;
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0)
    throw new RuleViolationError(
      `amountCents must be a positive whole number of cents, got ${String(amountCents)}`,
      "amountCents",
      { key: "errors.payment.positiveCents", params: { field: "amountCents" } },
    );
  const gateway = requirePaymentGateway(deps);
  const { row, paymentIntentId } = await claimRefund(db, actor, paymentId, amountCents, reason?.trim() || null);
  try {
    const processorRefund = await gateway.refund(
      {
        paymentIntentId,
        amountCents,
        metadata: { payment_id: String(paymentId), refund_id: String(row.id) },
      },
      row.idempotencyKey,
    );
    const settled = await db.transaction((tx) => settleRefund(tx, actor, row.id, processorRefund));
    return { refundId: settled.id, status: settled.status, stripeRefundId: settled.stripeRefundId, amountCents };
  } catch (error) {
    if (error instanceof PaymentRefusedError) {
      await db
        .update(refunds)
        .set({ status: "failed" })
        .where(and(eq(refunds.id, row.id), eq(refunds.status, "pending"), sql`${refunds.stripeRefundId} is null`));
      throw new RuleViolationError(`Stripe refused the refund: ${error.message}`, "amountCents", {
        key: "errors.cardPayment.refundRefused",
        params: { reason: error.message },
      });
    }
    throw error;
  }
}
