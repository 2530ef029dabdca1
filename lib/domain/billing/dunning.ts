/**
 * Which dunning step is due for one overdue invoice on one day. Reminders go out on the days
 * after the due date listed in the policy; a run that was missed catches up for a few days
 * (REMINDER_CATCH_UP_DAYS), but never sends an old reminder once the next one is due, so a
 * customer gets at most the latest reminder, not a burst of stale ones. The caller dedupes by
 * reminder number, so asking again on the same or a later day never repeats a reminder.
 */
import { daysBetween } from "./periods";
import { localHour } from "../quebec-dates";

export interface DunningPolicy {
  /** Days after the due date, ascending, e.g. [3, 10]. */
  reminderDays: readonly number[];
  /** Days after the due date from which the customer's service is suspended. */
  suspendDays: number;
}

export interface DunningStep {
  daysPastDue: number;
  /** 1-based number of the reminder due today, or null. */
  reminder: number | null;
  suspend: boolean;
}

export const REMINDER_CATCH_UP_DAYS = 7;

function assertPolicy(policy: DunningPolicy): void {
  policy.reminderDays.forEach((day, i) => {
    if (!Number.isInteger(day) || day < 0)
      throw new RangeError(`reminderDays must be whole days, 0 or more, got ${String(day)}`);
    if (i > 0 && day <= policy.reminderDays[i - 1]!)
      throw new RangeError(`reminderDays must be strictly ascending, got ${policy.reminderDays.join(",")}`);
  });
  if (!Number.isInteger(policy.suspendDays) || policy.suspendDays < 1)
    throw new RangeError(`suspendDays must be a whole number of days, 1 or more, got ${String(policy.suspendDays)}`);
}

export function dunningStepFor(dueDate: string, today: string, policy: DunningPolicy): DunningStep {
  assertPolicy(policy);
  const days = daysBetween(dueDate, today);
  let reminder: number | null = null;
  policy.reminderDays.forEach((day, i) => {
    const next = policy.reminderDays[i + 1];
    const windowEnd = Math.min(next ?? Infinity, day + REMINDER_CATCH_UP_DAYS);
    if (days >= day && days < windowEnd) reminder = i + 1;
  });
  return { daysPastDue: days, reminder, suspend: days >= policy.suspendDays };
}

/**
 * Whether the hourly dunning tick at `now` is the one that runs the day's pass: the hour the
 * settings name, in Quebec. Every pass is safe to repeat, so a tick that runs twice in that hour
 * (a retry) sends nothing new; a day whose hour was missed is caught up the next day
 * (REMINDER_CATCH_UP_DAYS).
 */
export function isDunningHour(now: Date, dunningHour: number): boolean {
  return localHour(now) === dunningHour;
}
