/**
 * Commitment campaigns: the customer gets a gift (a credit, free months, equipment) and commits
 * to N months. Cancelling before the end gives back the unused share: gift ⁄ N per month left.
 *
 * Months are counted whole, from the commitment start date: month k is served once the date
 * start + k months (same day, clamped to the month end) is reached. A month that has started
 * but not ended is not served, so it is still owed: cancelling 1 month and 10 days into a
 * 3-month commitment leaves 2 months to pay back. Whole months keep the invoice line simple to
 * read ("2 of 3 months remaining") and match how the commitment is sold.
 */
import type { InvoiceLine } from "./lines";
import { addMonths, assertIsoDate } from "./periods";
import { prorate } from "./proration";

/** Ten years is far beyond any campaign sold; a larger number is a data-entry error. */
export const MAX_COMMITMENT_MONTHS = 120;

export interface Commitment {
  /** Campaign code, kept on the line for reports. */
  campaign: string;
  giftCents: number;
  commitmentMonths: number;
  /** Usually the activation date. */
  startDate: string;
}

function assertCommitment(c: Commitment): void {
  if (!Number.isSafeInteger(c.giftCents) || c.giftCents < 0)
    throw new RangeError(`giftCents must be a non-negative integer number of cents, got ${String(c.giftCents)}`);
  if (!Number.isInteger(c.commitmentMonths) || c.commitmentMonths < 1 || c.commitmentMonths > MAX_COMMITMENT_MONTHS) {
    throw new RangeError(
      `commitmentMonths must be an integer from 1 to ${MAX_COMMITMENT_MONTHS}, got ${String(c.commitmentMonths)}`,
    );
  }
  assertIsoDate(c.startDate, "commitment startDate");
  if (typeof c.campaign !== "string" || c.campaign.trim() === "")
    throw new RangeError("campaign must be a non-empty code");
}

/** The day after the last committed day: start + N months. */
export function commitmentEnd(c: Commitment): string {
  assertCommitment(c);
  return addMonths(c.startDate, c.commitmentMonths);
}

/** Whole months completed on `date` (0 on the start day, capped at N). */
export function monthsServed(c: Commitment, date: string): number {
  assertCommitment(c);
  assertIsoDate(date, "date");
  if (date < c.startDate) throw new RangeError(`date ${date} is before the commitment start ${c.startDate}`);
  let served = 0;
  while (served < c.commitmentMonths && addMonths(c.startDate, served + 1) <= date) served += 1;
  return served;
}

/**
 * The payback line for a cancellation effective on `cancelDate`, or null when the commitment
 * is fulfilled. The amount is gift × remaining ⁄ N rounded once to the cent, so paying back
 * every month of the commitment returns exactly the gift.
 */
export function commitmentPayback(c: Commitment, cancelDate: string): InvoiceLine | null {
  assertCommitment(c);
  assertIsoDate(cancelDate, "cancellation date");
  if (cancelDate < c.startDate)
    throw new RangeError(`cancellation date ${cancelDate} is before the commitment start ${c.startDate}`);
  const remaining = c.commitmentMonths - monthsServed(c, cancelDate);
  if (remaining === 0 || c.giftCents === 0) return null;
  return {
    key: "giftPayback",
    params: { campaign: c.campaign, remainingMonths: remaining, commitmentMonths: c.commitmentMonths },
    kind: "penalty",
    periodStart: cancelDate,
    periodEnd: commitmentEnd(c),
    amountCents: prorate(c.giftCents, remaining, c.commitmentMonths),
  };
}
