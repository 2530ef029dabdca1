/**
 * One invoice with everything around it: its lines, the payments allocated to it (and their
 * refunds), the emails and SMS sent about it, and the customer it is addressed to.
 * A customer's scope turns someone else's invoice into "not found": the caller learns nothing
 * about it, not even that it exists.
 */
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import {
  customers,
  invoiceLines,
  invoices,
  outboundMessages,
  paymentAllocations,
  payments,
  refunds,
} from "../../db/schema";
import type { InvoiceDetail } from "../../../lib/schemas/invoices";
import { NotFoundError } from "../errors";

export type { InvoiceDetail } from "../../../lib/schemas/invoices";

/** Whose invoices the caller may read: staff read any, a customer only their own. */
export type InvoiceScope = { kind: "staff" } | { kind: "customer"; customerId: number };

export async function getInvoiceDetail(db: Queryable, invoiceId: number, scope: InvoiceScope): Promise<InvoiceDetail> {
  const where =
    scope.kind === "customer"
      ? and(eq(invoices.id, invoiceId), eq(invoices.customerId, scope.customerId))
      : eq(invoices.id, invoiceId);
  const [invoice] = await db.select().from(invoices).where(where).limit(1);
  if (!invoice) throw new NotFoundError("Invoice", invoiceId);

  const [[customer], lines, allocations, messages] = await Promise.all([
    db
      .select({
        id: customers.id,
        displayName: customers.displayName,
        legacyAccountId: customers.legacyAccountId,
        language: customers.language,
        email: customers.email,
        billingAddress: customers.billingAddress,
        billingCity: customers.billingCity,
        billingPostalCode: customers.billingPostalCode,
      })
      .from(customers)
      .where(eq(customers.id, invoice.customerId)),
    db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).orderBy(asc(invoiceLines.id)),
    db
      .select({
        id: paymentAllocations.id,
        amountCents: paymentAllocations.amountCents,
        payment: {
          id: payments.id,
          receivedAt: payments.receivedAt,
          amountCents: payments.amountCents,
          method: payments.method,
          status: payments.status,
          reference: payments.reference,
          refundedCents: payments.refundedCents,
        },
      })
      .from(paymentAllocations)
      .innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
      .where(eq(paymentAllocations.invoiceId, invoiceId))
      .orderBy(asc(payments.receivedAt), asc(paymentAllocations.id)),
    db
      .select({
        id: outboundMessages.id,
        channel: outboundMessages.channel,
        template: outboundMessages.template,
        recipient: outboundMessages.recipient,
        status: outboundMessages.status,
        error: outboundMessages.error,
        attempts: outboundMessages.attempts,
        createdAt: outboundMessages.createdAt,
        sentAt: outboundMessages.sentAt,
      })
      .from(outboundMessages)
      .where(eq(outboundMessages.invoiceId, invoiceId))
      .orderBy(desc(outboundMessages.createdAt), desc(outboundMessages.id)),
  ]);
  if (!customer) throw new NotFoundError("Customer", invoice.customerId);

  const paymentIds = allocations.map((a) => a.payment.id);
  const paymentRefunds =
    paymentIds.length === 0
      ? []
      : await db
          .select({
            id: refunds.id,
            paymentId: refunds.paymentId,
            amountCents: refunds.amountCents,
            reason: refunds.reason,
            status: refunds.status,
            createdAt: refunds.createdAt,
          })
          .from(refunds)
          .where(inArray(refunds.paymentId, paymentIds))
          .orderBy(asc(refunds.createdAt), asc(refunds.id));

  const paidCents = allocations.reduce((total, a) => total + a.amountCents, 0);
  return { invoice, customer, lines, allocations, refunds: paymentRefunds, messages, paidCents };
}
