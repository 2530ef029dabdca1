/**
 * The signed-in customer's invoices. The customer id always comes from the session (the
 * actor), never from input; another customer's invoice id is "not found". Drafts are not
 * issued yet and stay invisible to the customer.
 */
import { and, desc, eq, lt, ne, or, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { invoices } from "../../db/schema";
import type { PortalInvoiceListInput } from "../../../lib/schemas/invoices";
import type { Actor } from "../actor";
import { NotFoundError, RecordAccessError } from "../errors";
import { getInvoiceDetail } from "../invoices/invoice-detail";
import { isOverdue } from "../../../lib/domain/billing/overdue";

function customerIdOf(actor: Actor): number {
  if (actor.realm !== "customer") throw new RecordAccessError("Only a customer has portal invoices");
  return actor.customerId;
}

export async function listPortalInvoices(db: Queryable, actor: Actor, input: PortalInvoiceListInput, today: string) {
  const customerId = customerIdOf(actor);
  const where: SQL[] = [eq(invoices.customerId, customerId), ne(invoices.status, "draft")];
  if (input.status) where.push(eq(invoices.status, input.status));
  if (input.cursor) {
    const { issueDate, id } = input.cursor;
    where.push(or(lt(invoices.issueDate, issueDate), and(eq(invoices.issueDate, issueDate), lt(invoices.id, id)))!);
  }
  const [rows, [owed]] = await Promise.all([
    db
      .select({
        id: invoices.id,
        number: invoices.number,
        kind: invoices.kind,
        status: invoices.status,
        issueDate: invoices.issueDate,
        dueDate: invoices.dueDate,
        totalCents: invoices.totalCents,
        balanceCents: invoices.balanceCents,
      })
      .from(invoices)
      .where(and(...where))
      .orderBy(desc(invoices.issueDate), desc(invoices.id))
      .limit(input.limit + 1),
    db
      .select({ balanceCents: sql<number>`coalesce(sum(${invoices.balanceCents}), 0)::int` })
      .from(invoices)
      .where(and(eq(invoices.customerId, customerId), eq(invoices.status, "open"))),
  ]);
  const hasMore = rows.length > input.limit;
  const page = hasMore ? rows.slice(0, input.limit) : rows;
  const last = page.at(-1);
  return {
    items: page.map((row) => ({ ...row, overdue: isOverdue(row, today) })),
    balanceCents: owed?.balanceCents ?? 0,
    nextCursor: hasMore && last ? { issueDate: last.issueDate, id: last.id } : null,
  };
}

export async function getPortalInvoice(db: Queryable, actor: Actor, invoiceId: number, today: string) {
  const customerId = customerIdOf(actor);
  const detail = await getInvoiceDetail(db, invoiceId, { kind: "customer", customerId });
  if (detail.invoice.status === "draft") throw new NotFoundError("Invoice", invoiceId);
  const { invoice, customer, lines, allocations, paidCents } = detail;
  return {
    invoice: {
      id: invoice.id,
      number: invoice.number,
      kind: invoice.kind,
      status: invoice.status,
      language: invoice.language,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      periodStart: invoice.periodStart,
      periodEnd: invoice.periodEnd,
      subtotalCents: invoice.subtotalCents,
      gstCents: invoice.gstCents,
      qstCents: invoice.qstCents,
      totalCents: invoice.totalCents,
      balanceCents: invoice.balanceCents,
      overdue: isOverdue(invoice, today),
    },
    customer: {
      displayName: customer.displayName,
      billingAddress: customer.billingAddress,
      billingCity: customer.billingCity,
      billingPostalCode: customer.billingPostalCode,
    },
    lines: lines.map((l) => ({
      id: l.id,
      description: l.description,
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
      amountCents: l.amountCents,
    })),
    payments: allocations.map((a) => ({
      id: a.id,
      amountCents: a.amountCents,
      receivedAt: a.payment.receivedAt,
      method: a.payment.method,
    })),
    paidCents,
  };
}
