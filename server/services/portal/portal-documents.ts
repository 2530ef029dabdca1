/**
 * The customer's documents beside their invoices: a receipt for each payment received, and a
 * yearly statement (lib/domain/billing/statement). Always the actor's own: another customer's
 * payment is not found, and a statement is only ever of the caller's account.
 */
import { and, asc, desc, eq, inArray, ne } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { customers, invoices, paymentAllocations, payments } from "../../db/schema";
import { statementYears, yearlyStatement, type YearlyStatement } from "../../../lib/domain/billing/statement";
import { localDate } from "../../../lib/domain/quebec-dates";
import type { Actor } from "../actor";
import { NotFoundError, RecordAccessError } from "../errors";

/** Payments a receipt is owed for: received, even if refunded since (the receipt says so). */
const RECEIVED = ["succeeded", "refunded"] as const;

function customerIdOf(actor: Actor): number {
  if (actor.realm !== "customer") throw new RecordAccessError("Only a customer has portal documents");
  return actor.customerId;
}

export interface DocumentCustomer {
  displayName: string;
  legacyAccountId: string;
  language: "fr" | "en";
  billingAddress: string | null;
  billingCity: string | null;
  billingPostalCode: string | null;
}

async function customerOf(q: Queryable, customerId: number): Promise<DocumentCustomer> {
  const [row] = await q
    .select({
      displayName: customers.displayName,
      legacyAccountId: customers.legacyAccountId,
      language: customers.language,
      billingAddress: customers.billingAddress,
      billingCity: customers.billingCity,
      billingPostalCode: customers.billingPostalCode,
    })
    .from(customers)
    .where(eq(customers.id, customerId));
  if (!row) throw new NotFoundError("customer", customerId);
  return row;
}

/** The receipts (newest first) and the years with a statement. */
export async function listPortalDocuments(db: Queryable, actor: Actor) {
  const customerId = customerIdOf(actor);
  const [received, issued] = await Promise.all([
    db
      .select({
        id: payments.id,
        receivedAt: payments.receivedAt,
        amountCents: payments.amountCents,
        refundedCents: payments.refundedCents,
        method: payments.method,
        status: payments.status,
      })
      .from(payments)
      .where(and(eq(payments.customerId, customerId), inArray(payments.status, [...RECEIVED])))
      .orderBy(desc(payments.receivedAt), desc(payments.id)),
    db
      .selectDistinct({ issueDate: invoices.issueDate })
      .from(invoices)
      .where(and(eq(invoices.customerId, customerId), ne(invoices.status, "draft"))),
  ]);
  return {
    receipts: received,
    years: statementYears(
      issued.map((i) => i.issueDate),
      received.map((p) => localDate(p.receivedAt)),
    ),
  };
}

export interface PaymentReceipt {
  customer: DocumentCustomer;
  payment: {
    id: number;
    receivedAt: Date;
    date: string;
    method: string;
    status: string;
    amountCents: number;
    refundedCents: number;
    reference: string | null;
  };
  allocations: Array<{ invoiceNumber: string; amountCents: number }>;
}

export async function portalPaymentReceipt(db: Queryable, actor: Actor, paymentId: number): Promise<PaymentReceipt> {
  const customerId = customerIdOf(actor);
  const [payment] = await db
    .select({
      id: payments.id,
      receivedAt: payments.receivedAt,
      method: payments.method,
      status: payments.status,
      amountCents: payments.amountCents,
      refundedCents: payments.refundedCents,
      reference: payments.reference,
    })
    .from(payments)
    .where(
      and(eq(payments.id, paymentId), eq(payments.customerId, customerId), inArray(payments.status, [...RECEIVED])),
    );
  if (!payment) throw new NotFoundError("payment", paymentId);
  const allocations = await db
    .select({ invoiceNumber: invoices.number, amountCents: paymentAllocations.amountCents })
    .from(paymentAllocations)
    .innerJoin(invoices, eq(invoices.id, paymentAllocations.invoiceId))
    .where(eq(paymentAllocations.paymentId, paymentId))
    .orderBy(asc(invoices.issueDate), asc(invoices.id));
  return {
    customer: await customerOf(db, customerId),
    payment: { ...payment, date: localDate(payment.receivedAt) },
    allocations,
  };
}

export async function portalYearlyStatement(
  db: Queryable,
  actor: Actor,
  year: number,
): Promise<{ customer: DocumentCustomer; statement: YearlyStatement }> {
  const customerId = customerIdOf(actor);
  // Every document of the account (a few dozen a year), filtered by the Quebec year in the rule.
  const [issued, received] = await Promise.all([
    db
      .select({
        id: invoices.id,
        number: invoices.number,
        kind: invoices.kind,
        issueDate: invoices.issueDate,
        subtotalCents: invoices.subtotalCents,
        gstCents: invoices.gstCents,
        qstCents: invoices.qstCents,
        totalCents: invoices.totalCents,
      })
      .from(invoices)
      .where(and(eq(invoices.customerId, customerId), ne(invoices.status, "draft"))),
    db
      .select({
        id: payments.id,
        receivedAt: payments.receivedAt,
        method: payments.method,
        amountCents: payments.amountCents,
        refundedCents: payments.refundedCents,
      })
      .from(payments)
      .where(and(eq(payments.customerId, customerId), inArray(payments.status, [...RECEIVED]))),
  ]);
  const statement = yearlyStatement(
    year,
    issued,
    received.map(({ receivedAt, ...p }) => ({ ...p, date: localDate(receivedAt) })),
  );
  return { customer: await customerOf(db, customerId), statement };
}
