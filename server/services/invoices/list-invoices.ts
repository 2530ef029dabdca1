/**
 * The office's invoice list. Each filter maps onto an index so the list stays fast at the
 * production volume (115,000 invoices): customer → (customer_id, issue_date), run →
 * (billing_run_id), overdue → (status, due_date), otherwise the newest-first walk of
 * (issue_date, id). Pages are keyset pages on (issue_date, id), never OFFSET.
 */
import { and, count, desc, eq, gt, gte, lt, lte, or, sql, sum, type SQL } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { customers, invoices } from "../../db/schema";
import { isOverdue } from "../../../lib/domain/billing/overdue";
import type { InvoiceFilters, InvoiceListInput } from "../../../lib/schemas/invoices";

function conditions(filters: InvoiceFilters, today: string): SQL[] {
  const where: SQL[] = [];
  if (filters.customerId) where.push(eq(invoices.customerId, filters.customerId));
  if (filters.runId) where.push(eq(invoices.billingRunId, filters.runId));
  if (filters.kind) where.push(eq(invoices.kind, filters.kind));
  if (filters.issuedFrom) where.push(gte(invoices.issueDate, filters.issuedFrom));
  if (filters.issuedTo) where.push(lte(invoices.issueDate, filters.issuedTo));
  if (filters.overdue) {
    // isOverdue (lib/domain/billing/overdue.ts) in SQL. An overdue invoice is open by definition;
    // a status filter that says otherwise finds nothing.
    if (filters.status && filters.status !== "open") where.push(sql`false`);
    where.push(eq(invoices.status, "open"), lt(invoices.dueDate, today), gt(invoices.balanceCents, 0));
  } else if (filters.status) {
    where.push(eq(invoices.status, filters.status));
  }
  return where;
}

export async function listInvoiceSummaries(db: Queryable, input: InvoiceListInput, today: string) {
  const where = conditions(input.filters, today);
  const pageWhere = [...where];
  if (input.cursor) {
    const { issueDate, id } = input.cursor;
    pageWhere.push(or(lt(invoices.issueDate, issueDate), and(eq(invoices.issueDate, issueDate), lt(invoices.id, id)))!);
  }
  const [rows, totals] = await Promise.all([
    db
      .select({
        id: invoices.id,
        number: invoices.number,
        kind: invoices.kind,
        status: invoices.status,
        source: invoices.source,
        billingRunId: invoices.billingRunId,
        issueDate: invoices.issueDate,
        dueDate: invoices.dueDate,
        totalCents: invoices.totalCents,
        balanceCents: invoices.balanceCents,
        customerId: invoices.customerId,
        customerName: customers.displayName,
      })
      .from(invoices)
      .innerJoin(customers, eq(customers.id, invoices.customerId))
      .where(pageWhere.length ? and(...pageWhere) : undefined)
      .orderBy(desc(invoices.issueDate), desc(invoices.id))
      .limit(input.limit + 1),
    // Totals cover every invoice the filters match, not just this page; only the first page needs them.
    input.cursor
      ? Promise.resolve(null)
      : db
          .select({
            count: count(),
            totalCents: sum(invoices.totalCents).mapWith(Number),
            balanceCents: sum(invoices.balanceCents).mapWith(Number),
          })
          .from(invoices)
          .where(where.length ? and(...where) : undefined)
          .then(([row]) => ({
            count: row?.count ?? 0,
            totalCents: row?.totalCents ?? 0,
            balanceCents: row?.balanceCents ?? 0,
          })),
  ]);
  const hasMore = rows.length > input.limit;
  const page = hasMore ? rows.slice(0, input.limit) : rows;
  const last = page.at(-1);
  return {
    items: page.map((row) => ({ ...row, overdue: isOverdue(row, today) })),
    totals,
    nextCursor: hasMore && last ? { issueDate: last.issueDate, id: last.id } : null,
  };
}
