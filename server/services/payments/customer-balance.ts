/**
 * What a customer owes: open invoice balances, less credit notes not yet used (their balances
 * are negative) and payments not yet allocated (credit on account). `overdueCents` is the same
 * netting applied to invoices already past due: dunning suspends on it and reactivates when it
 * reaches zero, so a customer whose credit covers the overdue invoices is never chased.
 */
import { eq, sql } from "drizzle-orm";
import { rowsOf, type Queryable } from "../../db/client";
import { customers } from "../../db/schema";
import type { CustomerBalance } from "../../../lib/schemas/payments";
import { NotFoundError } from "../errors";

export type { CustomerBalance } from "../../../lib/schemas/payments";

interface BalanceRow {
  customer_id: number;
  open_invoices: number;
  past_due: number;
  credit_notes: number;
  unallocated: number;
}

/** One aggregate over the given customers (or every customer with a past-due invoice when `customerIds` is null). */
export async function balancesOf(
  db: Queryable,
  asOf: string,
  customerIds: number[] | null,
): Promise<Map<number, CustomerBalance>> {
  const idFilter = (column: string) =>
    customerIds === null ? sql`true` : sql`${sql.raw(column)} = any(${`{${customerIds.join(",")}}`}::int[])`;
  const rows = await rowsOf<BalanceRow>(
    db,
    sql`
    with inv as (
      select customer_id,
        coalesce(sum(balance_cents) filter (where kind = 'invoice' and balance_cents > 0), 0)::int as open_invoices,
        coalesce(sum(balance_cents) filter (where kind = 'invoice' and balance_cents > 0 and due_date < ${asOf}::date), 0)::int as past_due,
        coalesce(-sum(balance_cents) filter (where kind = 'credit_note' and balance_cents < 0), 0)::int as credit_notes
      from invoices where status = 'open' and ${idFilter("customer_id")}
      group by customer_id
    ), pay as (
      select p.customer_id, coalesce(sum(greatest(0, p.amount_cents - p.refunded_cents - coalesce(a.allocated, 0))), 0)::int as unallocated
      from payments p
      left join (select payment_id, sum(amount_cents) as allocated from payment_allocations group by payment_id) a on a.payment_id = p.id
      where p.status = 'succeeded' and ${idFilter("p.customer_id")}
      group by p.customer_id
    )
    select coalesce(inv.customer_id, pay.customer_id) as customer_id, coalesce(inv.open_invoices, 0) as open_invoices,
      coalesce(inv.past_due, 0) as past_due, coalesce(inv.credit_notes, 0) as credit_notes, coalesce(pay.unallocated, 0) as unallocated
    from inv full join pay on pay.customer_id = inv.customer_id
    where ${customerIds === null ? sql`inv.past_due > 0` : sql`true`}`,
  );
  const result = new Map<number, CustomerBalance>();
  for (const row of rows) {
    const credits = Number(row.credit_notes) + Number(row.unallocated);
    result.set(Number(row.customer_id), {
      customerId: Number(row.customer_id),
      asOf,
      openInvoicesCents: Number(row.open_invoices),
      pastDueInvoicesCents: Number(row.past_due),
      creditNotesCents: Number(row.credit_notes),
      unallocatedPaymentsCents: Number(row.unallocated),
      balanceCents: Number(row.open_invoices) - credits,
      overdueCents: Math.max(0, Number(row.past_due) - credits),
    });
  }
  return result;
}

function zeroBalance(customerId: number, asOf: string): CustomerBalance {
  return {
    customerId,
    asOf,
    openInvoicesCents: 0,
    pastDueInvoicesCents: 0,
    creditNotesCents: 0,
    unallocatedPaymentsCents: 0,
    balanceCents: 0,
    overdueCents: 0,
  };
}

export async function customerBalance(
  db: Queryable,
  customerId: number,
  asOf: string,
): Promise<CustomerBalance & { customerName: string }> {
  const [customer] = await db
    .select({ id: customers.id, displayName: customers.displayName })
    .from(customers)
    .where(eq(customers.id, customerId));
  if (!customer) throw new NotFoundError("customer", customerId);
  const balance = (await balancesOf(db, asOf, [customerId])).get(customerId) ?? zeroBalance(customerId, asOf);
  return { ...balance, customerName: customer.displayName };
}
