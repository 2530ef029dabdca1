import type { ServiceDeps } from "../deps";
import { autopayInvoiceStep } from "../card-payments/autopay-step";
import { emailInvoiceStep } from "../invoices/invoice-delivery";

/**
 * What happens to each invoice once its billing run has committed it: emailing the PDF, the
 * automatic charge of pre-authorized customers. Each step must be idempotent (the delivery job
 * may run again after a crash) and is called once per invoice, in invoice id order.
 */
export type DeliveryDeps = Pick<ServiceDeps, "db" | "config" | "mailer" | "payments">;

export interface InvoiceDeliveryStep {
  name: string;
  deliver(deps: DeliveryDeps, invoiceId: number): Promise<void>;
}

/**
 * The charge comes first so that the emailed PDF of a pre-authorized customer already shows
 * the invoice paid (or still due, when the card was declined).
 */
export const INVOICE_DELIVERY_STEPS: InvoiceDeliveryStep[] = [autopayInvoiceStep, emailInvoiceStep];
