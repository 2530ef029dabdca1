import { sql } from "drizzle-orm";
import { rowsOf, type Queryable } from "@/server/db/client";

/** Lines per subscription for the periods a run dated `runDate` bills; each must be exactly 1. */
export async function periodLinesPerSubscription(db: Queryable, runDate: string) {
  return rowsOf<{ subscription_id: number; n: number }>(
    db,
    sql`
    select l.subscription_id, count(*)::int as n from invoice_lines l
    join service_subscriptions s on s.id = l.subscription_id
    where l.kind = 'period' and l.period_start = make_date(${Number(runDate.slice(0, 4))}::int, ${Number(runDate.slice(5, 7))}::int, s.billing_day::int)
    group by l.subscription_id`,
  );
}

/** Active subscriptions in service on their period start of the run's month, counted in SQL apart from the service. */
export async function dueSubscriptionCount(db: Queryable, runDate: string): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(
    db,
    sql`
    select count(*)::int as n from service_subscriptions s
    where s.status = 'active'
      and s.start_date <= make_date(${Number(runDate.slice(0, 4))}::int, ${Number(runDate.slice(5, 7))}::int, s.billing_day::int)
      and (s.end_date is null or s.end_date > make_date(${Number(runDate.slice(0, 4))}::int, ${Number(runDate.slice(5, 7))}::int, s.billing_day::int))`,
  );
  return row?.n ?? 0;
}

/** Invoice numbers issued more than once (must be none) and the number of run invoices of the month. */
export async function runInvoiceNumbers(db: Queryable, runDate: string): Promise<{ count: number; repeated: number }> {
  const prefix = `F-${runDate.slice(0, 4)}${runDate.slice(5, 7)}-%`;
  const [row] = await rowsOf<{ count: number; repeated: number }>(
    db,
    sql`
    select count(*)::int as count, (count(*) - count(distinct number))::int as repeated from invoices where number like ${prefix}`,
  );
  return row ?? { count: 0, repeated: 0 };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
