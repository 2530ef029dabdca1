/**
 * Accounts receivable aging as of a date, per customer and in total, in one SQL aggregate
 * (115,000 invoices: no per-customer loop). Balances are rebuilt as they stood at the end of
 * `asOf`: today's balance plus what payments received after that day took off. Invoices
 * issued after `asOf` and void ones are left out. Buckets come from lib/domain/billing/aging.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Queryable } from "../../db/client";
import { AGING_BUCKETS, emptyAgingTotals } from "../../../lib/domain/billing/aging";
import { localMidnight, shiftDate } from "../../../lib/domain/quebec-dates";
import type { AgingReport } from "../../../lib/schemas/payments";

export type { AgingCustomerRow, AgingReport } from "../../../lib/schemas/payments";

/** `sum(balance) filter (where days between min and max)` for each bucket, from the pure rule's table. */
function bucketColumns(days: SQL): SQL {
  const columns = [sql`coalesce(sum(b.balance) filter (where ${days} < 0), 0)::bigint as "notDue"`];
  for (const bucket of AGING_BUCKETS) {
    const upper = bucket.maxDays === null ? sql`` : sql` and ${days} <= ${bucket.maxDays}`;
    columns.push(
      sql`coalesce(sum(b.balance) filter (where ${days} >= ${bucket.minDays}${upper}), 0)::bigint as ${sql.identifier(bucket.bucket)}`,
    );
  }
  return sql.join(columns, sql`, `);
}

const KEYS = ["notDue", ...AGING_BUCKETS.map((b) => b.bucket)] as const;

export async function agingReport(db: Queryable, input: { asOf: string; limit: number }): Promise<AgingReport> {
  const endOfDay = localMidnight(shiftDate(input.asOf, 1));
  const days = sql`(${input.asOf}::date - b.due_date)`;
  const rows = await rowsOf<Record<string, unknown>>(
    db,
    sql`
    with later as (
      select a.invoice_id, sum(a.amount_cents) as amount
      from payment_allocations a join payments p on p.id = a.payment_id
      where p.received_at >= ${endOfDay.toISOString()}::timestamptz
      group by a.invoice_id
    ), b as (
      select i.customer_id, i.due_date, i.balance_cents + coalesce(later.amount, 0) as balance
      from invoices i left join later on later.invoice_id = i.id
      where i.kind = 'invoice' and i.status in ('open', 'paid') and i.issue_date <= ${input.asOf}::date
        and i.balance_cents + coalesce(later.amount, 0) > 0
    ), per_customer as (
      select b.customer_id, ${bucketColumns(days)}, sum(b.balance)::bigint as total
      from b group by b.customer_id
    )
    select pc.*, c.display_name, count(*) over ()::int as customer_count,
      ${sql.join(
        KEYS.map((k) => sql`sum(pc.${sql.identifier(k)}) over ()::bigint as ${sql.identifier(`all_${k}`)}`),
        sql`, `,
      )},
      sum(pc.total) over ()::bigint as all_total
    from per_customer pc join customers c on c.id = pc.customer_id
    order by pc.total - pc."notDue" desc, pc.total desc, pc.customer_id
    limit ${input.limit}`,
  );
  const totals = { ...emptyAgingTotals(), totalCents: 0 };
  const first = rows[0];
  if (first) {
    for (const k of KEYS) totals[k] = Number(first[`all_${k}`]);
    totals.totalCents = Number(first.all_total);
  }
  return {
    asOf: input.asOf,
    customerCount: first ? Number(first.customer_count) : 0,
    totals,
    customers: rows.map((row) => {
      const buckets = emptyAgingTotals();
      for (const k of KEYS) buckets[k] = Number(row[k]);
      return {
        customerId: Number(row.customer_id),
        customerName: String(row.display_name),
        totalCents: Number(row.total),
        ...buckets,
      };
    }),
  };
}
