import { z } from "zod";
import { recordId } from "./ids";

const id = recordId;

export const invoiceCardInput = z.object({ invoiceId: id });
export type InvoiceCardInput = z.infer<typeof invoiceCardInput>;

export const cardRefundInput = z.object({
  paymentId: id,
  amountCents: z
    .number({ error: "errors.input.cents" })
    .int({ error: "errors.input.wholeCents" })
    .positive({ error: "errors.cardPayment.refundPositive" })
    .max(100_000_000),
  reason: z.string().trim().max(500, { error: "errors.input.reasonTooLong" }).optional().default(""),
});
export type CardRefundInput = z.infer<typeof cardRefundInput>;

/** "12,34", "12.34" or "12" dollars → cents; null when it is not an amount. */
export function parseDollarsToCents(text: string): number | null {
  const match = /^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*\$?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "0").padEnd(2, "0"));
}

/** One charge attempt on an invoice (server/services/card-payments/invoice-card-activity). */
export interface PaymentAttemptView {
  id: number;
  attempt: number;
  status: string;
  amountCents: number;
  idempotencyKey: string;
  stripePaymentIntentId: string | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What the invoice page needs to offer card actions: can it be charged, and which card payments can be refunded. */
export interface InvoiceCardSummary {
  invoiceId: number;
  number: string;
  status: "open" | "void" | "draft" | "paid";
  balanceCents: number;
  stripeConfigured: boolean;
  hasSavedCard: boolean;
  canCharge: boolean;
  cardPayments: {
    refundableCents: number;
    paymentId: number;
    amountCents: number;
    refundedCents: number;
    status: "pending" | "succeeded" | "failed" | "refunded";
    receivedAt: Date;
    stripePaymentIntentId: string | null;
    allocatedCents: number;
    pendingRefundCents: number;
  }[];
}

/** An invoice's card panel: its summary and its charge attempts. */
export interface InvoiceCardActivity {
  summary: InvoiceCardSummary;
  attempts: PaymentAttemptView[];
}
