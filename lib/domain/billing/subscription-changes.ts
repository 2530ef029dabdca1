/**
 * Subscription events turned into invoice lines. Subscriptions are billed in advance: the
 * period containing any event below was already invoiced in full (or, in the first period,
 * from the activation date), so changes inside it are settled with credits for the days not
 * used at the old terms and charges for the days left at the new ones.
 *
 * A subscription's rate for a period is its price (the override when set, else the plan's)
 * minus its campaign discount, never below zero. Every line is that rate prorated by days.
 */
import type { InvoiceLine } from "./lines";
import { assertBillingDay, assertIsoDate, assertRange, daysBetween, periodContaining } from "./periods";
import { prorate } from "./proration";

export interface Plan {
  /** Shown on the invoice, e.g. "Fibre 500". */
  name: string;
  monthlyPriceCents: number;
}

export interface Subscription {
  plan: Plan;
  /** Replaces the plan price for this customer when set. */
  priceOverrideCents?: number | null;
  /** Recurring campaign discount in cents per period. */
  discountCentsPerPeriod?: number;
  billingDay: number;
  activationDate: string;
}

function assertCents(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative integer number of cents, got ${String(value)}`);
}

/** The price per period after override and discount; validates the subscription on the way. */
export function periodRate(sub: Subscription): number {
  assertCents(sub.plan.monthlyPriceCents, "plan.monthlyPriceCents");
  if (sub.priceOverrideCents != null) assertCents(sub.priceOverrideCents, "priceOverrideCents");
  const discount = sub.discountCentsPerPeriod ?? 0;
  assertCents(discount, "discountCentsPerPeriod");
  assertBillingDay(sub.billingDay);
  assertIsoDate(sub.activationDate, "activationDate");
  const price = sub.priceOverrideCents ?? sub.plan.monthlyPriceCents;
  // A discount larger than the price makes the service free, never a credit.
  return Math.max(0, price - discount);
}

function assertActiveOn(sub: Subscription, date: string, what: string): void {
  assertIsoDate(date, `${what} date`);
  if (date < sub.activationDate)
    throw new RangeError(`${what} date ${date} is before the activation date ${sub.activationDate}`);
}

/** Rate × days ⁄ period days for the part [from, until) of the period containing `from`. */
function segment(
  sub: Subscription,
  from: string,
  until: string,
  sign: 1 | -1,
): { amountCents: number; periodStart: string; periodEnd: string } {
  const period = periodContaining(from, sub.billingDay);
  const amount = prorate(periodRate(sub), daysBetween(from, until), period.days);
  return { amountCents: amount === 0 ? 0 : sign * amount, periodStart: from, periodEnd: until };
}

/** The in-advance line a monthly run writes for a whole period starting on the billing day. */
export function periodLine(sub: Subscription, periodStart: string): InvoiceLine {
  periodRate(sub);
  assertActiveOn(sub, periodStart, "period start");
  const period = periodContaining(periodStart, sub.billingDay);
  if (period.start !== periodStart)
    throw new RangeError(`period start ${periodStart} is not on billing day ${sub.billingDay}`);
  return {
    key: "subscription",
    params: { plan: sub.plan.name, from: period.start, until: period.end },
    kind: "charge",
    ...segment(sub, period.start, period.end, 1),
  };
}

/**
 * First invoice: from the activation date to the next billing day, prorated. Activation on the
 * billing day is a whole period, at the full price.
 */
export function activationLines(sub: Subscription): InvoiceLine[] {
  periodRate(sub);
  const period = periodContaining(sub.activationDate, sub.billingDay);
  if (period.start === sub.activationDate) return [periodLine(sub, period.start)];
  return [
    {
      key: "activation",
      params: { plan: sub.plan.name, from: sub.activationDate, until: period.end },
      kind: "charge",
      ...segment(sub, sub.activationDate, period.end, 1),
    },
  ];
}

/**
 * Plan (or price) change effective on `changeDate`: credit the old terms and charge the new
 * ones from that day to the end of its period. A change on the billing day returns no lines:
 * it takes effect at the start of the period, so the run invoices the period at the new terms
 * (services apply changes dated on or before the run's period start before invoicing it).
 *
 * `periodInvoiced`: billing is in advance, so the period starting on the change date may
 * already be invoiced at the old terms (a run on the 1st bills the period starting on the 15th).
 * Then the whole period is credited and charged again, exactly like a mid-period change.
 */
export function planChangeLines(
  before: Subscription,
  after: Subscription,
  changeDate: string,
  options: { periodInvoiced?: boolean } = {},
): InvoiceLine[] {
  periodRate(before);
  periodRate(after);
  assertActiveOn(before, changeDate, "plan change");
  if (after.billingDay !== before.billingDay)
    throw new RangeError(`a plan change keeps the billing day (${before.billingDay}), got ${after.billingDay}`);
  if (after.activationDate !== before.activationDate) throw new RangeError("a plan change keeps the activation date");
  const period = periodContaining(changeDate, before.billingDay);
  if (changeDate === period.start && !options.periodInvoiced) return [];
  return [
    {
      key: "planChangeCredit",
      params: { plan: before.plan.name, from: changeDate, until: period.end },
      kind: "credit",
      ...segment(before, changeDate, period.end, -1),
    },
    {
      key: "planChangeCharge",
      params: { plan: after.plan.name, from: changeDate, until: period.end },
      kind: "charge",
      ...segment(after, changeDate, period.end, 1),
    },
  ];
}

/**
 * Suspended days [from, until) are credited, one line per billing period they touch so each
 * line is prorated against its own period's length. A suspension still running at invoicing
 * time is credited up to the end of the period being invoiced and continued on the next one.
 */
export function suspensionLines(sub: Subscription, from: string, until: string): InvoiceLine[] {
  periodRate(sub);
  assertRange(from, until, "suspension");
  assertActiveOn(sub, from, "suspension");
  const lines: InvoiceLine[] = [];
  for (let day = from; day < until;) {
    const period = periodContaining(day, sub.billingDay);
    const end = period.end < until ? period.end : until;
    lines.push({
      key: "suspensionCredit",
      params: { plan: sub.plan.name, from: day, until: end },
      kind: "credit",
      ...segment(sub, day, end, -1),
    });
    day = end;
  }
  return lines;
}

/**
 * Resume on `until` of a subscription suspended since `since`. Only invoiced days can be given
 * back: the run does not bill a suspended subscription, so the periods it skipped were never
 * charged. `invoicedUntil` is the end of the last invoiced period (at least the end of the
 * period containing `since`, which was invoiced before the suspension began). Suspended days
 * before it are credited per period (suspensionLines); when the resume falls after it, the
 * rest of the resume's own period was not invoiced and is charged from the resume date, as an
 * activation would be (nothing when the resume is on the billing day: the run bills that period).
 */
export function resumeLines(sub: Subscription, since: string, until: string, invoicedUntil: string): InvoiceLine[] {
  periodRate(sub);
  assertActiveOn(sub, since, "suspension");
  assertIsoDate(until, "resume date");
  assertIsoDate(invoicedUntil, "invoicedUntil");
  if (until < since) throw new RangeError(`resume date ${until} is before the suspension start ${since}`);
  const firstPeriodEnd = periodContaining(since, sub.billingDay).end;
  if (invoicedUntil < firstPeriodEnd)
    throw new RangeError(
      `invoicedUntil ${invoicedUntil} is before the end ${firstPeriodEnd} of the period the suspension started in`,
    );
  const creditUntil = until < invoicedUntil ? until : invoicedUntil;
  const lines = since < creditUntil ? suspensionLines(sub, since, creditUntil) : [];
  if (until >= invoicedUntil) {
    const period = periodContaining(until, sub.billingDay);
    if (period.start !== until)
      lines.push({
        key: "subscription",
        params: { plan: sub.plan.name, from: until, until: period.end },
        kind: "charge",
        ...segment(sub, until, period.end, 1),
      });
  }
  return lines;
}

export type CancellationMode = "period-end" | "immediate";

/**
 * At period end: no line, the invoiced period runs out and the next run skips the subscription.
 * Immediately: the days from `cancelDate` to the end of its period are credited. Cancelling on
 * the activation day credits everything the activation invoice charged.
 */
export function cancellationLines(sub: Subscription, cancelDate: string, mode: CancellationMode): InvoiceLine[] {
  periodRate(sub);
  assertActiveOn(sub, cancelDate, "cancellation");
  if (mode === "period-end") return [];
  if (mode !== "immediate")
    throw new RangeError(`cancellation mode must be 'period-end' or 'immediate', got ${JSON.stringify(mode)}`);
  const period = periodContaining(cancelDate, sub.billingDay);
  return [
    {
      key: "cancellationCredit",
      params: { plan: sub.plan.name, from: cancelDate, until: period.end },
      kind: "credit",
      ...segment(sub, cancelDate, period.end, -1),
    },
  ];
}
