/**
 * Aging buckets: how long an amount has been past due on the as-of date. Days past due are
 * counted on the calendar (asOf − dueDate): the due date itself is day 0, still in "0–30".
 * Anything not yet due is `notDue`. The SQL report builds its CASE from AGING_BUCKETS, so the
 * boundaries live here only.
 */
import { daysBetween } from "./periods";

export type AgingBucket = "notDue" | "days0to30" | "days31to60" | "days61to90" | "over90";

/** Inclusive day ranges; `maxDays: null` is open-ended. Ordered, contiguous from 0. */
export const AGING_BUCKETS: ReadonlyArray<{
  bucket: Exclude<AgingBucket, "notDue">;
  minDays: number;
  maxDays: number | null;
}> = [
  { bucket: "days0to30", minDays: 0, maxDays: 30 },
  { bucket: "days31to60", minDays: 31, maxDays: 60 },
  { bucket: "days61to90", minDays: 61, maxDays: 90 },
  { bucket: "over90", minDays: 91, maxDays: null },
];

export const AGING_BUCKET_ORDER: readonly AgingBucket[] = ["notDue", ...AGING_BUCKETS.map((b) => b.bucket)];

export function daysPastDue(dueDate: string, asOf: string): number {
  return daysBetween(dueDate, asOf);
}

export function agingBucket(dueDate: string, asOf: string): AgingBucket {
  const days = daysPastDue(dueDate, asOf);
  if (days < 0) return "notDue";
  const found = AGING_BUCKETS.find((b) => days >= b.minDays && (b.maxDays === null || days <= b.maxDays));
  if (!found) throw new Error(`no aging bucket holds ${days} days; AGING_BUCKETS must cover every day from 0`);
  return found.bucket;
}

export type AgingTotals = Record<AgingBucket, number>;

export function emptyAgingTotals(): AgingTotals {
  return { notDue: 0, days0to30: 0, days31to60: 0, days61to90: 0, over90: 0 };
}

/** Sums balances per bucket; the in-memory twin of the SQL report, for small sets and tests. */
export function ageBalances(
  asOf: string,
  items: ReadonlyArray<{ dueDate: string; balanceCents: number }>,
): AgingTotals {
  const totals = emptyAgingTotals();
  for (const item of items) totals[agingBucket(item.dueDate, asOf)] += item.balanceCents;
  return totals;
}
