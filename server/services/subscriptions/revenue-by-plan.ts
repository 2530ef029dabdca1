/**
 * Revenue by plan: what the active subscriptions bring each month (their rate after price
 * override and campaign discount, never below 0, as ADR 0003 prices them) and what was
 * invoiced for each plan's periods over the last 12 months. One aggregate query each.
 */
import { sql } from "drizzle-orm";
import { addMonths } from "../../../lib/domain/billing";
import { localDate } from "../../../lib/domain/quebec-dates";
import { rowsOf, type Queryable } from "../../db/client";

export const REVENUE_MONTHS = 12;

export interface PlanRevenue {
  itemId: number;
  sku: string;
  nameFr: string;
  nameEn: string;
  activeSubscriptions: number;
  monthlyRecurringCents: number;
  invoicedCents: number;
}

export interface RevenueByPlan {
  /** Invoiced revenue counts period lines starting in [from, until). */
  from: string;
  until: string;
  plans: PlanRevenue[];
  totals: { activeSubscriptions: number; monthlyRecurringCents: number; invoicedCents: number };
}

export async function revenueByPlan(db: Queryable, today = localDate(new Date())): Promise<RevenueByPlan> {
  const until = addMonths(`${today.slice(0, 7)}-01`, 1);
  const from = addMonths(until, -REVENUE_MONTHS);
  const [recurring, invoiced] = await Promise.all([
    rowsOf<{ item_id: number; sku: string; name_fr: string; name_en: string; n: number; mrr: string | number }>(
      db,
      sql`
      select i.id as item_id, i.sku, i.name_fr, i.name_en, count(*)::int as n,
        sum(greatest(0, coalesce(s.price_override_cents, i.price_cents) - coalesce(s.campaign_discount_cents, 0)))::bigint as mrr
      from service_subscriptions s join items i on i.id = s.item_id
      where s.status = 'active'
      group by i.id`,
    ),
    // Period lines carry the plan billed (item_id); credits and charges of changes are not period revenue.
    rowsOf<{ item_id: number; sku: string; name_fr: string; name_en: string; cents: string | number }>(
      db,
      sql`
      select i.id as item_id, i.sku, i.name_fr, i.name_en, sum(l.amount_cents)::bigint as cents
      from invoice_lines l join items i on i.id = l.item_id
      where l.kind = 'period' and l.subscription_id is not null and l.period_start >= ${from}::date and l.period_start < ${until}::date
      group by i.id`,
    ),
  ]);
  const byItem = new Map<number, PlanRevenue>();
  const entry = (r: { item_id: number; sku: string; name_fr: string; name_en: string }) => {
    let plan = byItem.get(r.item_id);
    if (!plan) {
      plan = {
        itemId: r.item_id,
        sku: r.sku,
        nameFr: r.name_fr,
        nameEn: r.name_en,
        activeSubscriptions: 0,
        monthlyRecurringCents: 0,
        invoicedCents: 0,
      };
      byItem.set(r.item_id, plan);
    }
    return plan;
  };
  for (const r of recurring)
    Object.assign(entry(r), { activeSubscriptions: r.n, monthlyRecurringCents: Number(r.mrr) });
  for (const r of invoiced) entry(r).invoicedCents = Number(r.cents);
  const plans = [...byItem.values()].sort(
    (a, b) =>
      b.monthlyRecurringCents - a.monthlyRecurringCents || b.invoicedCents - a.invoicedCents || a.itemId - b.itemId,
  );
  return {
    from,
    until,
    plans,
    totals: plans.reduce(
      (t, p) => ({
        activeSubscriptions: t.activeSubscriptions + p.activeSubscriptions,
        monthlyRecurringCents: t.monthlyRecurringCents + p.monthlyRecurringCents,
        invoicedCents: t.invoicedCents + p.invoicedCents,
      }),
      { activeSubscriptions: 0, monthlyRecurringCents: 0, invoicedCents: 0 },
    ),
  };
}
