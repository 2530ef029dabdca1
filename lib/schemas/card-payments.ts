import { z } from "zod";

const id = (what: string) => z.number({ error: `${what} must be a number` }).int().positive({ error: `${what} must be a positive whole number` });

export const invoiceCardInput = z.object({ invoiceId: id("invoiceId") });
export type InvoiceCardInput = z.infer<typeof invoiceCardInput>;

export const cardRefundInput = z.object({
  paymentId: id("paymentId"),
  amountCents: z.number().int({ error: "amountCents must be a whole number of cents" }).positive({ error: "the refund must be more than 0" }).max(100_000_000),
  reason: z.string().trim().max(500, { error: "the reason is limited to 500 characters" }).optional().default(""),
});
export type CardRefundInput = z.infer<typeof cardRefundInput>;

/** "12,34", "12.34" or "12" dollars → cents; null when it is not an amount. */
export function parseDollarsToCents(text: string): number | null {
  const match = /^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*\$?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "0").padEnd(2, "0"));
}
