import type { InvoiceDeliveryStep } from "../billing/delivery-steps";
import { emailInvoice } from "./email-invoice";

/**
 * After a billing run: email each invoice's PDF. A customer without an address, or an SMTP
 * failure, is recorded in the outbound ledger (staff see it on the invoice page and can resend)
 * and never stops the rest of the run's deliveries.
 */
export const emailInvoiceStep: InvoiceDeliveryStep = {
  name: "email-invoice",
  async deliver(deps, invoiceId) {
    await emailInvoice(deps, invoiceId);
  },
};
