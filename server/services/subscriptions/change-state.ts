/**
 * What a subscription change needs to know about the stored subscription: its row, plan,
 * customer language, which periods were already invoiced (billing is in advance, so the
 * rules must know what was charged), and the date of the last dated change.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Queryable } from "../../db/client";
import { customers, items, serviceSubscriptions, subscriptionChanges } from "../../db/schema";
import { NotFoundError } from "../errors";

export type SubscriptionRow = typeof serviceSubscriptions.$inferSelect;
export interface PlanRow {
  id: number;
  sku: string;
  nameFr: string;
  nameEn: string;
  priceCents: number;
  billing: "recurring" | "one_time";
  active: boolean;
}

export interface ChangeState {
  sub: SubscriptionRow;
  plan: PlanRow;
  customer: { id: number; displayName: string; language: "fr" | "en" };
  /** period_start of every `period` line of this subscription, ascending. */
  invoicedPeriodStarts: string[];
  /** The latest effective date among changes that move the subscription in time (not price settings). */
  lastDatedChange: string | null;
}

/** Kinds whose effective date orders the history: a new one may not be dated before them. */
const DATED_KINDS = ["activation", "plan_change", "suspension", "resume", "cancellation"] as const;

const planColumns = {
  id: items.id,
  sku: items.sku,
  nameFr: items.nameFr,
  nameEn: items.nameEn,
  priceCents: items.priceCents,
  billing: items.billing,
  active: items.active,
};

export async function loadPlan(q: Queryable, itemId: number): Promise<PlanRow | null> {
  const [plan] = await q.select(planColumns).from(items).where(eq(items.id, itemId));
  return plan ?? null;
}

/** Locks the subscription row until the transaction ends, so two applies of it run one after the other. */
export async function lockSubscription(q: Queryable, subscriptionId: number): Promise<void> {
  const rows = await rowsOf<{ id: number }>(
    q,
    sql`select id from service_subscriptions where id = ${subscriptionId} for update`,
  );
  if (rows.length === 0) throw new NotFoundError("subscription", subscriptionId);
}

export async function loadChangeState(q: Queryable, subscriptionId: number): Promise<ChangeState> {
  const [row] = await q
    .select({
      sub: serviceSubscriptions,
      customer: { id: customers.id, displayName: customers.displayName, language: customers.language },
    })
    .from(serviceSubscriptions)
    .innerJoin(customers, eq(customers.id, serviceSubscriptions.customerId))
    .where(eq(serviceSubscriptions.id, subscriptionId));
  if (!row) throw new NotFoundError("subscription", subscriptionId);
  const plan = await loadPlan(q, row.sub.itemId);
  if (!plan) throw new NotFoundError("plan", row.sub.itemId);
  const invoiced = await rowsOf<{ period_start: string }>(
    q,
    sql`
    select distinct period_start::text as period_start from invoice_lines
    where subscription_id = ${subscriptionId} and kind = 'period' and period_start is not null
    order by period_start`,
  );
  const [last] = await q
    .select({ effectiveDate: subscriptionChanges.effectiveDate })
    .from(subscriptionChanges)
    .where(
      and(eq(subscriptionChanges.subscriptionId, subscriptionId), inArray(subscriptionChanges.kind, [...DATED_KINDS])),
    )
    .orderBy(desc(subscriptionChanges.effectiveDate))
    .limit(1);
  return {
    sub: row.sub,
    plan,
    customer: row.customer,
    invoicedPeriodStarts: invoiced.map((r) => r.period_start),
    lastDatedChange: last?.effectiveDate ?? null,
  };
}

/** A change already applied under this request id (a double submission), if any. */
export async function findChangeByRequestId(q: Queryable, subscriptionId: number, requestId: string) {
  const [change] = await q
    .select()
    .from(subscriptionChanges)
    .where(
      and(
        eq(subscriptionChanges.subscriptionId, subscriptionId),
        sql`${subscriptionChanges.details} ->> 'requestId' = ${requestId}`,
      ),
    )
    .limit(1);
  return change ?? null;
}
