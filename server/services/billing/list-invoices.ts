import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { customers, invoices } from "../../db/schema";
import type { InvoiceListInput } from "../../../lib/schemas/billing";

/** Invoices newest first, by keyset pages. */
export async function listInvoices(db: Queryable, input: InvoiceListInput) {
  const where: SQL[] = [];
  if (input.customerId) where.push(eq(invoices.customerId, input.customerId));
  if (input.status) where.push(eq(invoices.status, input.status));
  if (input.cursor) {
    where.push(
      or(
        lt(invoices.issueDate, input.cursor.issueDate),
        and(eq(invoices.issueDate, input.cursor.issueDate), lt(invoices.id, input.cursor.id)),
      )!,
    );
  }
  const rows = await db
    .select({
      id: invoices.id,
      number: invoices.number,
      status: invoices.status,
      issueDate: invoices.issueDate,
      dueDate: invoices.dueDate,
      totalCents: invoices.totalCents,
      balanceCents: invoices.balanceCents,
      customerId: invoices.customerId,
      customerName: customers.displayName,
    })
    .from(invoices)
    .innerJoin(customers, eq(customers.id, invoices.customerId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(invoices.issueDate), desc(invoices.id))
    .limit(input.limit + 1);
  const hasMore = rows.length > input.limit;
  const page = hasMore ? rows.slice(0, input.limit) : rows;
  const last = page.at(-1);
  return { items: page, nextCursor: hasMore && last ? { issueDate: last.issueDate, id: last.id } : null };
}
