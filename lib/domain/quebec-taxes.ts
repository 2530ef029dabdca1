/** GST (federal) and QST (Quebec) rates in parts per 100,000, so the arithmetic stays in integers. */
export const GST_RATE_PER_100K = 5_000;
export const QST_RATE_PER_100K = 9_975;

/** Half away from zero, the usual rule on Quebec invoices; works for credits (negative) too. */
function roundedShare(cents: number, ratePer100k: number): number {
  const scaled = cents * ratePer100k;
  const sign = scaled < 0 ? -1 : 1;
  return sign * Math.floor((Math.abs(scaled) + 50_000) / 100_000);
}

export interface TaxedAmount {
  subtotalCents: number;
  gstCents: number;
  qstCents: number;
  totalCents: number;
}

/** Both taxes apply to the subtotal (QST is not charged on GST since 2013). */
export function applyQuebecTaxes(subtotalCents: number): TaxedAmount {
  if (!Number.isSafeInteger(subtotalCents)) throw new RangeError("subtotalCents must be an integer number of cents");
  const gstCents = roundedShare(subtotalCents, GST_RATE_PER_100K);
  const qstCents = roundedShare(subtotalCents, QST_RATE_PER_100K);
  return { subtotalCents, gstCents, qstCents, totalCents: subtotalCents + gstCents + qstCents };
}
