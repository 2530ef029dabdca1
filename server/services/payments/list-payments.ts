import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { customers, invoices, outboundMessages, paymentAllocations, payments } from "../../db/schema";
import { localMidnight, shiftDate } from "../../../lib/domain/quebec-dates";
import type { DunningActivity, PaymentListInput } from "../../../lib/schemas/payments";
import { NotFoundError } from "../errors";

const allocatedCents = sql<number>`coalesce((select sum(${paymentAllocations.amountCents}) from ${paymentAllocations} where ${paymentAllocations.paymentId} = ${payments.id}), 0)::int`;

/** Payments newest first, by keyset pages on (received_at, id). */
export async function listPayments(db: Queryable, input: PaymentListInput) {
  const where: SQL[] = [];
  if (input.customerId) where.push(eq(payments.customerId, input.customerId));
  if (input.method) where.push(eq(payments.method, input.method));
  if (input.from) where.push(gte(payments.receivedAt, localMidnight(input.from)));
  if (input.to) where.push(lt(payments.receivedAt, localMidnight(shiftDate(input.to, 1))));
  if (input.unallocated)
    where.push(
      sql`${payments.status} = 'succeeded' and ${payments.amountCents} - ${payments.refundedCents} > ${allocatedCents}`,
    );
  if (input.cursor) {
    const at = new Date(input.cursor.receivedAt);
    where.push(or(lt(payments.receivedAt, at), and(eq(payments.receivedAt, at), lt(payments.id, input.cursor.id)))!);
  }
  const rows = await db
    .select({
      id: payments.id,
      customerId: payments.customerId,
      customerName: customers.displayName,
      receivedAt: payments.receivedAt,
      amountCents: payments.amountCents,
      refundedCents: payments.refundedCents,
      method: payments.method,
      status: payments.status,
      reference: payments.reference,
      allocatedCents,
    })
    .from(payments)
    .innerJoin(customers, eq(customers.id, payments.customerId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(payments.receivedAt), desc(payments.id))
    .limit(input.limit + 1);
  const hasMore = rows.length > input.limit;
  const page = (hasMore ? rows.slice(0, input.limit) : rows).map((p) => ({ ...p, unallocatedCents: unallocatedOf(p) }));
  const last = page.at(-1);
  return {
    items: page,
    nextCursor: hasMore && last ? { receivedAt: last.receivedAt.toISOString(), id: last.id } : null,
  };
}

function unallocatedOf(p: {
  status: string;
  amountCents: number;
  refundedCents: number;
  allocatedCents: number;
}): number {
  return p.status === "succeeded" ? Math.max(0, p.amountCents - p.refundedCents - p.allocatedCents) : 0;
}

export async function getPayment(db: Queryable, id: number) {
  const [payment] = await db
    .select({
      id: payments.id,
      customerId: payments.customerId,
      customerName: customers.displayName,
      receivedAt: payments.receivedAt,
      amountCents: payments.amountCents,
      refundedCents: payments.refundedCents,
      method: payments.method,
      status: payments.status,
      reference: payments.reference,
      notes: payments.notes,
      recordedBy: payments.recordedBy,
      createdAt: payments.createdAt,
    })
    .from(payments)
    .innerJoin(customers, eq(customers.id, payments.customerId))
    .where(eq(payments.id, id));
  if (!payment) throw new NotFoundError("payment", id);
  const allocations = await db
    .select({
      invoiceId: paymentAllocations.invoiceId,
      amountCents: paymentAllocations.amountCents,
      invoiceNumber: invoices.number,
      dueDate: invoices.dueDate,
      invoiceStatus: invoices.status,
      invoiceBalanceCents: invoices.balanceCents,
    })
    .from(paymentAllocations)
    .innerJoin(invoices, eq(invoices.id, paymentAllocations.invoiceId))
    .where(eq(paymentAllocations.paymentId, id))
    .orderBy(invoices.dueDate, invoices.id);
  const allocated = allocations.reduce((sum, a) => sum + a.amountCents, 0);
  return {
    ...payment,
    allocatedCents: allocated,
    unallocatedCents: unallocatedOf({ ...payment, allocatedCents: allocated }),
    allocations,
  };
}

/** The latest dunning messages (reminders and suspension notices) and how they went. */
export async function dunningActivity(db: Queryable, limit: number): Promise<DunningActivity> {
  const messages = await db
    .select({
      id: outboundMessages.id,
      dedupeKey: outboundMessages.dedupeKey,
      channel: outboundMessages.channel,
      template: outboundMessages.template,
      status: outboundMessages.status,
      error: outboundMessages.error,
      recipient: outboundMessages.recipient,
      customerId: outboundMessages.customerId,
      customerName: customers.displayName,
      invoiceId: outboundMessages.invoiceId,
      createdAt: outboundMessages.createdAt,
    })
    .from(outboundMessages)
    .leftJoin(customers, eq(customers.id, outboundMessages.customerId))
    .where(inArray(outboundMessages.template, ["dunning_reminder", "suspension_notice"]))
    .orderBy(desc(outboundMessages.createdAt), desc(outboundMessages.id))
    .limit(limit);
  const [suspended] = await db
    .select({ n: sql<number>`count(distinct customer_id)::int` })
    .from(sql`service_subscriptions`)
    .where(sql`status = 'suspended' and suspended_for_dunning`);
  return { messages, customersSuspendedForDunning: suspended?.n ?? 0 };
}
