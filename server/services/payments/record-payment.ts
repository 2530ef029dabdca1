/**
 * The one way money enters the books: a payment row, its allocations to invoices, and the
 * invoices' balances, written together. Stripe webhooks, manual payments and later
 * allocations of unallocated credit all go through here, so the balance rules live once.
 *
 * Call inside a transaction (`db.transaction(tx => recordPayment(tx, ...))`): a refused
 * allocation throws after the payment row was inserted, and only the rollback undoes it.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { invoices, paymentAllocations, payments } from "../../db/schema";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { NotFoundError, RuleViolationError } from "../errors";
import { reactivateIfSettled } from "./dunning-suspension";

export type PaymentMethod = (typeof payments.$inferInsert)["method"];

export interface PaymentInput {
  customerId: number;
  amountCents: number;
  method: PaymentMethod;
  receivedAt: Date;
  reference?: string | null;
  notes?: string | null;
  stripePaymentIntentId?: string | null;
}

export interface Allocation {
  invoiceId: number;
  amountCents: number;
}

function assertCents(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new RuleViolationError(`${field} must be a positive whole number of cents, got ${String(value)}`, field, {
      key: "errors.payment.positiveCents",
      params: { field },
    });
}

/**
 * Applies allocations of an existing payment: each must be to an open invoice of the payment's
 * customer, at most that invoice's balance, and all of them at most what the payment has left.
 * Invoice rows are locked first, so two payments racing for one invoice cannot both fit.
 * Then, as after every payment, subscriptions suspended by dunning come back if nothing is overdue.
 */
export async function allocatePayment(
  tx: Queryable,
  actor: Actor,
  paymentId: number,
  allocations: Allocation[],
): Promise<void> {
  const customerId = await applyAllocations(tx, actor, paymentId, allocations);
  if (customerId !== null) await reactivateIfSettled(tx, actor, customerId);
}

/** Returns the payment's customer, or null when there was nothing to allocate. */
async function applyAllocations(
  tx: Queryable,
  actor: Actor,
  paymentId: number,
  allocations: Allocation[],
): Promise<number | null> {
  if (allocations.length === 0) return null;
  const seen = new Set<number>();
  for (const a of allocations) {
    assertCents(a.amountCents, "allocation amount");
    if (seen.has(a.invoiceId))
      throw new RuleViolationError(
        `invoice ${a.invoiceId} appears twice in the allocations; combine them`,
        "allocations",
        { key: "errors.payment.invoiceTwice", params: { invoice: a.invoiceId } },
      );
    seen.add(a.invoiceId);
  }
  const [payment] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for("update");
  if (!payment) throw new NotFoundError("payment", paymentId);
  if (payment.status !== "succeeded")
    throw new RuleViolationError(
      `payment ${paymentId} is ${payment.status}; only a succeeded payment can be allocated`,
      "paymentId",
      { key: "errors.payment.notSucceeded", params: { payment: paymentId, status: payment.status } },
    );
  const [{ allocated }] = (await tx
    .select({ allocated: sql<number>`coalesce(sum(${paymentAllocations.amountCents}), 0)::int` })
    .from(paymentAllocations)
    .where(eq(paymentAllocations.paymentId, paymentId))) as [{ allocated: number }];
  const requested = allocations.reduce((sum, a) => sum + a.amountCents, 0);
  const available = payment.amountCents - payment.refundedCents - allocated;
  if (requested > available)
    throw new RuleViolationError(
      `the allocations total ${requested} cents but the payment has only ${available} cents left to allocate`,
      "allocations",
      { key: "errors.payment.allocationsOverLeft", params: { requested: requested / 100, available: available / 100 } },
    );

  const ids = allocations.map((a) => a.invoiceId).sort((a, b) => a - b);
  const locked = await tx.select().from(invoices).where(inArray(invoices.id, ids)).orderBy(invoices.id).for("update");
  const byId = new Map(locked.map((invoice) => [invoice.id, invoice]));
  for (const a of allocations) {
    const invoice = byId.get(a.invoiceId);
    if (!invoice) throw new NotFoundError("invoice", a.invoiceId);
    if (invoice.customerId !== payment.customerId)
      throw new RuleViolationError(`invoice ${invoice.number} belongs to another customer`, "allocations", {
        key: "errors.payment.otherCustomer",
        params: { invoice: invoice.number },
      });
    if (invoice.status !== "open")
      throw new RuleViolationError(
        `invoice ${invoice.number} is ${invoice.status}; only open invoices take payments`,
        "allocations",
        { key: "errors.payment.invoiceNotOpen", params: { invoice: invoice.number, status: invoice.status } },
      );
    if (a.amountCents > invoice.balanceCents) {
      throw new RuleViolationError(
        `invoice ${invoice.number} has a balance of ${invoice.balanceCents} cents; ${a.amountCents} cents cannot be allocated to it`,
        "allocations",
        {
          key: "errors.payment.overBalance",
          params: { invoice: invoice.number, balance: invoice.balanceCents / 100, amount: a.amountCents / 100 },
        },
      );
    }
  }
  await tx
    .insert(paymentAllocations)
    .values(allocations.map((a) => ({ paymentId, invoiceId: a.invoiceId, amountCents: a.amountCents })))
    .onConflictDoUpdate({
      target: [paymentAllocations.paymentId, paymentAllocations.invoiceId],
      set: { amountCents: sql`${paymentAllocations.amountCents} + excluded.amount_cents` },
    });
  for (const a of allocations) {
    const invoice = byId.get(a.invoiceId)!;
    const balance = invoice.balanceCents - a.amountCents;
    await tx
      .update(invoices)
      .set({ balanceCents: balance, status: balance === 0 ? "paid" : "open" })
      .where(and(eq(invoices.id, a.invoiceId), eq(invoices.balanceCents, invoice.balanceCents)));
    await recordAudit(tx, actor, {
      action: "invoice.payment_allocated",
      entityType: "invoice",
      entityId: a.invoiceId,
      changes: { balanceCents: { from: invoice.balanceCents, to: balance }, paymentId: { from: null, to: paymentId } },
    });
  }
  return payment.customerId;
}

/** Inserts a succeeded payment and applies its allocations (the rest stays as the customer's credit). */
export async function recordPayment(
  tx: Queryable,
  actor: Actor,
  input: PaymentInput,
  allocations: Allocation[] = [],
): Promise<{ paymentId: number }> {
  assertCents(input.amountCents, "amountCents");
  if (Number.isNaN(input.receivedAt.getTime()))
    throw new RuleViolationError("receivedAt is not a valid date", "receivedAt", { key: "errors.payment.invalidDate" });
  const [payment] = await tx
    .insert(payments)
    .values({
      customerId: input.customerId,
      amountCents: input.amountCents,
      method: input.method,
      status: "succeeded",
      receivedAt: input.receivedAt,
      reference: input.reference ?? null,
      notes: input.notes ?? null,
      stripePaymentIntentId: input.stripePaymentIntentId ?? null,
      recordedBy: actor.userId,
    })
    .returning({ id: payments.id });
  if (!payment) throw new Error("the payment row was not returned");
  await recordAudit(tx, actor, {
    action: "payment.record",
    entityType: "payment",
    entityId: payment.id,
    changes: { amountCents: { from: null, to: input.amountCents }, method: { from: null, to: input.method } },
  });
  await applyAllocations(tx, actor, payment.id, allocations);
  // Even unallocated, the payment is credit that may cover what is overdue.
  await reactivateIfSettled(tx, actor, input.customerId);
  return { paymentId: payment.id };
}
