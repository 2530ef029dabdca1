/**
 * What a refund that Stripe confirmed does to our books, in the caller's transaction: the
 * payment's refunded amount grows, and the money that had paid invoices goes back onto them.
 */
import { desc, eq, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { invoices, paymentAllocations, payments, refunds } from "../../db/schema";
import type { CardRefund } from "../../integrations/stripe/payment-gateway";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { RuleViolationError } from "../errors";

/**
 * Takes `cents` back from the invoices this payment paid, newest allocation first, reopening
 * paid invoices. This writes invoice balances outside record-payment.ts on purpose: that module
 * only moves money onto invoices, and a refund is the one movement the other way; keeping it
 * here, in one function, keeps the reverse rule next to the refund that needs it.
 */
async function returnRefundToInvoices(tx: Queryable, actor: Actor, paymentId: number, cents: number): Promise<void> {
  const allocations = await tx
    .select()
    .from(paymentAllocations)
    .where(eq(paymentAllocations.paymentId, paymentId))
    .orderBy(desc(paymentAllocations.id));
  let left = cents;
  for (const allocation of allocations) {
    if (left === 0) break;
    const taken = Math.min(left, allocation.amountCents);
    left -= taken;
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, allocation.invoiceId)).for("update");
    if (!invoice || invoice.status === "void" || invoice.status === "draft") {
      throw new RuleViolationError(
        `invoice ${invoice?.number ?? allocation.invoiceId} is ${invoice?.status ?? "missing"}; the refund cannot be returned to it`,
        "paymentId",
        { key: "errors.cardPayment.refundInvoiceClosed", params: { invoice: invoice?.number ?? allocation.invoiceId } },
      );
    }
    const balance = invoice.balanceCents + taken;
    await tx.update(invoices).set({ balanceCents: balance, status: "open" }).where(eq(invoices.id, invoice.id));
    if (taken === allocation.amountCents)
      await tx.delete(paymentAllocations).where(eq(paymentAllocations.id, allocation.id));
    else
      await tx
        .update(paymentAllocations)
        .set({ amountCents: allocation.amountCents - taken })
        .where(eq(paymentAllocations.id, allocation.id));
    await recordAudit(tx, actor, {
      action: "invoice.payment_refunded",
      entityType: "invoice",
      entityId: invoice.id,
      changes: {
        balanceCents: { from: invoice.balanceCents, to: balance },
        status: { from: invoice.status, to: "open" },
        paymentId: { from: paymentId, to: paymentId },
      },
    });
  }
  if (left > 0)
    throw new Error(`payment ${paymentId}: ${left} cents of the refund were neither unallocated nor allocated`);
}

/** Applies a succeeded refund of `cents` to the payment: its unallocated credit goes first, then the invoices. */
async function applyRefundToPayment(tx: Queryable, actor: Actor, paymentId: number, cents: number): Promise<void> {
  const [payment] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for("update");
  if (!payment) throw new Error(`payment ${paymentId} vanished while its refund was applied`);
  const remaining = payment.amountCents - payment.refundedCents;
  if (cents > remaining)
    throw new RuleViolationError(
      `payment ${paymentId} has only ${remaining} cents left to refund; ${cents} cents cannot be refunded`,
      "amountCents",
      { key: "errors.cardPayment.refundOverRemaining", params: { remaining: remaining / 100 } },
    );
  const [{ allocated }] = (await tx
    .select({ allocated: sql<number>`coalesce(sum(${paymentAllocations.amountCents}), 0)::int` })
    .from(paymentAllocations)
    .where(eq(paymentAllocations.paymentId, paymentId))) as [{ allocated: number }];
  const unallocated = Math.max(0, remaining - allocated);
  if (cents > unallocated) await returnRefundToInvoices(tx, actor, paymentId, cents - unallocated);
  const refunded = payment.refundedCents + cents;
  const status = refunded === payment.amountCents ? "refunded" : payment.status;
  await tx.update(payments).set({ refundedCents: refunded, status }).where(eq(payments.id, paymentId));
  await recordAudit(tx, actor, {
    action: "payment.refund",
    entityType: "payment",
    entityId: paymentId,
    changes: {
      refundedCents: { from: payment.refundedCents, to: refunded },
      ...(status !== payment.status ? { status: { from: payment.status, to: status } } : {}),
    },
  });
}

const FAILED_REFUND_STATUSES = new Set(["failed", "canceled"]);

/**
 * Brings our refund row in line with Stripe's: succeeded → applied to the books once; failed or
 * canceled → failed, when it had not succeeded. Call inside a transaction.
 */
export async function settleRefund(
  tx: Queryable,
  actor: Actor,
  refundId: number,
  processorRefund: Pick<CardRefund, "id" | "status">,
): Promise<typeof refunds.$inferSelect> {
  const [row] = await tx.select().from(refunds).where(eq(refunds.id, refundId)).for("update");
  if (!row) throw new Error(`refund ${refundId} vanished`);
  const stripeRefundId = row.stripeRefundId ?? processorRefund.id;
  let status = row.status;
  if (processorRefund.status === "succeeded" && row.status !== "succeeded") {
    await applyRefundToPayment(tx, actor, row.paymentId, row.amountCents);
    status = "succeeded";
  } else if (FAILED_REFUND_STATUSES.has(processorRefund.status) && row.status === "pending") {
    status = "failed";
  }
  const [updated] = await tx
    .update(refunds)
    .set({ status, stripeRefundId })
    .where(eq(refunds.id, refundId))
    .returning();
  return updated!;
}
