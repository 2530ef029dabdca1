/**
 * Billing periods are runs of calendar dates in Quebec (America/Toronto), written
 * 'YYYY-MM-DD'. A period starts on the subscription's billing day and ends (exclusive)
 * on the same day of the next month. Days are counted on the calendar, never from
 * instants, so a daylight-saving day (23 or 25 hours) is one day like any other.
 */
import { isIsoDate, shiftDate } from "../quebec-dates";

/** The billing day never exceeds 28 so that every month has it: no period ever has to be clamped. */
export const MAX_BILLING_DAY = 28;

export interface BillingPeriod {
  /** First day of the period. */
  start: string;
  /** First day of the next period (exclusive end). */
  end: string;
  /** Calendar days from start to end: 28 to 31. */
  days: number;
}

export function assertIsoDate(value: string, name: string): void {
  if (typeof value !== "string" || !isIsoDate(value)) {
    throw new RangeError(`${name} must be a calendar date 'YYYY-MM-DD', got ${JSON.stringify(value)}`);
  }
}

export function assertBillingDay(billingDay: number): void {
  if (!Number.isInteger(billingDay) || billingDay < 1 || billingDay > MAX_BILLING_DAY) {
    throw new RangeError(`billingDay must be an integer from 1 to ${MAX_BILLING_DAY}, got ${String(billingDay)}`);
  }
}

function parts(date: string): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

function format(year: number, month: number, day: number): string {
  // Date.UTC normalises month overflow (13 → January of next year, 0 → December before).
  return new Date(Date.UTC(year, month - 1, day, 12)).toISOString().slice(0, 10);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0, 12)).getUTCDate();
}

/**
 * Calendar days from `from` to `to` (negative when `to` is earlier). UTC noon has no
 * daylight saving, so the difference is an exact multiple of 24 hours.
 */
export function daysBetween(from: string, to: string): number {
  assertIsoDate(from, "from");
  assertIsoDate(to, "to");
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);
}

/**
 * Same day `months` later, clamped to the month's last day (Jan 31 + 1 → Feb 28 or 29).
 * Always counted from the original date, so Jan 31 + 2 is Mar 31, not Mar 28.
 */
export function addMonths(date: string, months: number): string {
  assertIsoDate(date, "date");
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer, got ${String(months)}`);
  const { year, month, day } = parts(date);
  const first = format(year, month + months, 1);
  const target = parts(first);
  return format(target.year, target.month, Math.min(day, daysInMonth(target.year, target.month)));
}

/**
 * The billing day a subscription gets from its activation date. Activations on the 29th,
 * 30th or 31st get day 28: their first period started on the 28th and is prorated from
 * the activation date, and every later period has a day that exists in February.
 */
export function billingDayFor(activationDate: string): number {
  assertIsoDate(activationDate, "activationDate");
  return Math.min(parts(activationDate).day, MAX_BILLING_DAY);
}

function periodStartingOn(start: string): BillingPeriod {
  const end = addMonths(start, 1);
  return { start, end, days: daysBetween(start, end) };
}

/** The period a date falls in: it starts on the last billing day on or before the date. */
export function periodContaining(date: string, billingDay: number): BillingPeriod {
  assertIsoDate(date, "date");
  assertBillingDay(billingDay);
  const { year, month, day } = parts(date);
  const start = day >= billingDay ? format(year, month, billingDay) : format(year, month - 1, billingDay);
  return periodStartingOn(start);
}

/** The first billing day strictly after `date` (the date itself is the start of its period, not the next one). */
export function nextPeriodStart(date: string, billingDay: number): string {
  return periodContaining(date, billingDay).end;
}

/**
 * What a monthly run dated `runDate` invoices for a subscription: the period that starts on
 * its billing day in the run's month, billed in advance. A run on 2026-11-01 therefore
 * invoices the period 2026-11-15 → 2026-12-15 of a subscription billed on the 15th: the
 * month's run covers every billing day of that month once, whatever day it runs.
 */
export function periodInvoicedByRun(runDate: string, billingDay: number): BillingPeriod {
  assertIsoDate(runDate, "runDate");
  assertBillingDay(billingDay);
  const { year, month } = parts(runDate);
  return periodStartingOn(format(year, month, billingDay));
}

/** Rejects a range whose end is not after its start (ends are exclusive, so equal means empty). */
export function assertRange(start: string, end: string, what: string): void {
  assertIsoDate(start, `${what} start`);
  assertIsoDate(end, `${what} end`);
  if (end <= start) throw new RangeError(`${what} end ${end} must be after its start ${start}`);
}

/** Last day included in a period, for display (ends are exclusive in the data). */
export function lastDayOf(period: { end: string }): string {
  return shiftDate(period.end, -1);
}
