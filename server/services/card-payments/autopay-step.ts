import { eq } from "drizzle-orm";
import { customers, invoices } from "../../db/schema";
import type { InvoiceDeliveryStep } from "../billing/delivery-steps";
import { AUTOPAY_ACTOR } from "./card-gateway";
import { chargeInvoiceUnlessDeclined } from "./charge-invoice";

/**
 * After a billing run, charges the invoices of customers enrolled in pre-authorized payments who
 * have a saved payment method. Running it twice charges nothing more: a paid invoice is skipped,
 * an unfinished attempt is resumed with its own key, and a declined one is left to dunning.
 */
export const autopayInvoiceStep: InvoiceDeliveryStep = {
  name: "autopay",
  async deliver(deps, invoiceId) {
    const { db } = deps;
    // Without Stripe (the embedded default) enrolled invoices simply stay open, like any other.
    if (!deps.payments) return;
    const [row] = await db
      .select({
        status: invoices.status,
        kind: invoices.kind,
        balanceCents: invoices.balanceCents,
        enrolled: customers.preAuthorizedPayments,
        paymentMethodId: customers.stripeDefaultPaymentMethodId,
      })
      .from(invoices)
      .innerJoin(customers, eq(customers.id, invoices.customerId))
      .where(eq(invoices.id, invoiceId));
    if (!row || !row.enrolled || !row.paymentMethodId) return;
    if (row.kind !== "invoice" || row.status !== "open" || row.balanceCents <= 0) return;
    await chargeInvoiceUnlessDeclined(deps, AUTOPAY_ACTOR, { invoiceId, retryAfterFailure: false });
  },
};
