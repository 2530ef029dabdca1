import { and, asc, eq } from "drizzle-orm";
import {
  buildInvoice,
  lastDayOf,
  lineText,
  periodInvoicedByRun,
  periodLine,
  type TaxProvider,
} from "../../lib/domain/billing";
import { shiftDate } from "../../lib/domain/quebec-dates";
import type { Database } from "../../server/db/client";
import { customers, invoiceLines, invoices, items, serviceSubscriptions } from "../../server/db/schema";

/**
 * The straightforward billing loop the issue measures against: one subscription at a time
 * through the ORM, one transaction each (read the subscription, check it has no line for the
 * period, read its plan and customer, price it with the same pure rules, insert an invoice and
 * its line). Same rules, same idempotency check, same indexes as the project's run; it writes
 * one invoice per subscription because it never looks at the customer's other subscriptions.
 */
export async function baselineBillingLoop(
  db: Database,
  runDate: string,
  provider: TaxProvider,
): Promise<{ invoices: number; lines: number }> {
  const ids = await db
    .select({ id: serviceSubscriptions.id })
    .from(serviceSubscriptions)
    .where(eq(serviceSubscriptions.status, "active"))
    .orderBy(asc(serviceSubscriptions.id));
  let written = 0;
  for (const { id } of ids) {
    const wrote = await db.transaction(async (tx) => {
      const [s] = await tx.select().from(serviceSubscriptions).where(eq(serviceSubscriptions.id, id));
      if (!s) return false;
      const period = periodInvoicedByRun(runDate, s.billingDay);
      if (s.startDate > period.start || (s.endDate !== null && s.endDate <= period.start)) return false;
      const existing = await tx
        .select({ id: invoiceLines.id })
        .from(invoiceLines)
        .where(
          and(
            eq(invoiceLines.subscriptionId, s.id),
            eq(invoiceLines.periodStart, period.start),
            eq(invoiceLines.kind, "period"),
          ),
        );
      if (existing.length > 0) return false;
      const [item] = await tx.select().from(items).where(eq(items.id, s.itemId));
      const [customer] = await tx.select().from(customers).where(eq(customers.id, s.customerId));
      if (!item || !customer) throw new Error(`subscription ${s.id} has no item or customer`);
      const fr = customer.language === "fr";
      const line = periodLine(
        {
          plan: { name: fr ? item.nameFr : item.nameEn, monthlyPriceCents: item.priceCents },
          priceOverrideCents: s.priceOverrideCents,
          billingDay: s.billingDay,
          activationDate: s.startDate,
        },
        period.start,
      );
      const invoice = buildInvoice([line], provider);
      const [row] = await tx
        .insert(invoices)
        .values({
          number: `B-${period.start.slice(0, 7)}-${s.customerId}-${s.id}`,
          customerId: s.customerId,
          status: "open",
          language: customer.language,
          issueDate: runDate,
          dueDate: shiftDate(runDate, 30),
          periodStart: period.start,
          periodEnd: lastDayOf(period),
          subtotalCents: invoice.subtotalCents,
          gstCents: invoice.gstCents,
          qstCents: invoice.qstCents,
          totalCents: invoice.totalCents,
          balanceCents: invoice.totalCents,
        })
        .returning({ id: invoices.id });
      await tx.insert(invoiceLines).values({
        invoiceId: row!.id,
        subscriptionId: s.id,
        itemId: item.id,
        description: lineText(customer.language, line),
        periodStart: period.start,
        periodEnd: lastDayOf(period),
        quantity: 1,
        unitPriceCents: line.amountCents,
        amountCents: line.amountCents,
      });
      return true;
    });
    if (wrote) written += 1;
  }
  return { invoices: written, lines: written };
}
