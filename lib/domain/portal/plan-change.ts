/**
 * What a customer may ask for from the portal, before the office's change rules
 * (server/services/subscriptions/change-rules.ts) price it: which plans they may pick, which
 * dates, and what a downgrade inside a commitment would cost them. Pure: today comes in.
 */
import { commitmentEnd, commitmentPayback, monthsServed, nextPeriodStart } from "../billing";
import { shiftDate } from "../quebec-dates";

/** A request further out than this is a typo, or a decision for another day. */
export const MAX_REQUEST_DAYS_AHEAD = 365;

export interface PlanOption {
  id: number;
  kind: string;
  billing: "recurring" | "one_time";
  active: boolean;
}

/**
 * The plans a subscription may move to: monthly, still sold, of the same kind of service (an
 * internet plan moves to another internet plan, never to a TV package), not the current one.
 */
export function planChoices<P extends PlanOption>(current: { id: number; kind: string }, plans: readonly P[]): P[] {
  return plans.filter((p) => p.id !== current.id && p.kind === current.kind && p.billing === "recurring" && p.active);
}

export type RequestDateProblem = "past" | "tooFar";

/** A change dated before today or more than a year ahead is refused; null when the date is fine. */
export function requestDateProblem(date: string, today: string): RequestDateProblem | null {
  if (date < today) return "past";
  if (date > shiftDate(today, MAX_REQUEST_DAYS_AHEAD)) return "tooFar";
  return null;
}

/** The two dates the portal offers: today (prorated) or the next period's start (no proration). */
export function requestDateChoices(today: string, billingDay: number): { today: string; nextPeriod: string } {
  return { today, nextPeriod: nextPeriodStart(today, billingDay) };
}

export interface CommitmentTerms {
  campaignCode: string | null;
  giftCents: number | null;
  commitmentMonths: number | null;
  startDate: string;
}

export interface CommitmentNotice {
  /** The day after the last committed day. */
  endDate: string;
  remainingMonths: number;
  /** What ending the commitment on the change date would pay back (gift ⁄ N per month left). */
  paybackCents: number;
}

/**
 * A move to a cheaper plan before the commitment ends: what the customer would owe back if it
 * ends the commitment, by the same payback rule as a cancellation (commitment.ts). Null for an
 * upgrade, a same-price move, no commitment, or one already fulfilled on that date.
 */
export function downgradeCommitmentNotice(
  terms: CommitmentTerms,
  fromPriceCents: number,
  toPriceCents: number,
  changeDate: string,
): CommitmentNotice | null {
  if (toPriceCents >= fromPriceCents) return null;
  return commitmentNotice(terms, changeDate);
}

/** The commitment's payback on `date` (a cancellation's, or a downgrade's), or null when nothing is owed. */
export function commitmentNotice(terms: CommitmentTerms, date: string): CommitmentNotice | null {
  if (!terms.giftCents || !terms.commitmentMonths || date < terms.startDate) return null;
  const commitment = {
    campaign: terms.campaignCode ?? "—",
    giftCents: terms.giftCents,
    commitmentMonths: terms.commitmentMonths,
    startDate: terms.startDate,
  };
  const payback = commitmentPayback(commitment, date);
  if (!payback) return null;
  return {
    endDate: commitmentEnd(commitment),
    remainingMonths: commitment.commitmentMonths - monthsServed(commitment, date),
    paybackCents: payback.amountCents,
  };
}
