import type { BillingProgress } from "../services/billing/billing-run";
import type { InvoiceDeliveryStep } from "../services/billing/delivery-steps";

/**
 * Knobs of the job handlers. Production leaves them all unset; tests use them to make a run
 * slow enough to kill mid-way and to watch what delivery does.
 */
export interface JobSettings {
  /** Customers per billing-run transaction (default DEFAULT_BATCH_CUSTOMERS). */
  billingRunBatchSize?: number;
  /** Awaited after each committed batch of a billing run. */
  onBillingRunProgress?: (progress: BillingProgress & { runId: number }) => void | Promise<void>;
  /** Delivery steps (default INVOICE_DELIVERY_STEPS). */
  deliverySteps?: readonly InvoiceDeliveryStep[];
  /** Invoices per delivery job (default DELIVERY_CHUNK_INVOICES). */
  deliveryChunk?: number;
}
