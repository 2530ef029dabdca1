/**
 * Card actions on an invoice's page (charge the saved card, refund a card payment). The
 * invoice detail page renders this; the Stripe work (issue 6) fills it in.
 */
export function InvoiceCardActions(_props: { invoiceId: number; locale: string }) {
  return null;
}
