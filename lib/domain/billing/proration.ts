/**
 * Proration by days: a line for part of a period costs the period's price times the share
 * of its days, rounded to the cent once per line. Rounding is half away from zero, the same
 * rule as the taxes (../quebec-taxes.ts), so a credit is the exact mirror of the charge.
 */

/** `amountCents × daysUsed ⁄ daysInPeriod`, to the nearest cent, halves away from zero. */
export function prorate(amountCents: number, daysUsed: number, daysInPeriod: number): number {
  if (!Number.isSafeInteger(amountCents))
    throw new RangeError(`amountCents must be an integer number of cents, got ${String(amountCents)}`);
  if (!Number.isInteger(daysInPeriod) || daysInPeriod < 1)
    throw new RangeError(`daysInPeriod must be a positive integer, got ${String(daysInPeriod)}`);
  if (!Number.isInteger(daysUsed) || daysUsed < 0 || daysUsed > daysInPeriod) {
    throw new RangeError(
      `daysUsed must be an integer from 0 to daysInPeriod (${daysInPeriod}), got ${String(daysUsed)}`,
    );
  }
  if (daysUsed === daysInPeriod) return amountCents;
  const scaled = Math.abs(amountCents) * daysUsed;
  // The product stays exact: a month is ≤ 31 days, so any price below ~2.9 × 10¹⁴ ¢ fits.
  if (!Number.isSafeInteger(scaled)) throw new RangeError(`amountCents ${amountCents} is too large to prorate exactly`);
  const sign = amountCents < 0 ? -1 : 1;
  // Integer half-up on the magnitude: floor((2n + d) / 2d) = round(n / d) with halves up.
  const rounded = Math.floor((2 * scaled + daysInPeriod) / (2 * daysInPeriod));
  return rounded === 0 ? 0 : sign * rounded;
}
