import { z } from "zod";
import { recordId } from "./ids";

export const invoiceListInput = z.object({
  customerId: recordId.optional(),
  status: z.enum(["draft", "open", "paid", "void"]).optional(),
  cursor: z.object({ issueDate: z.iso.date(), id: recordId }).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type InvoiceListInput = z.infer<typeof invoiceListInput>;

/** A run dated D bills the periods starting in D's month (ADR 0003, periodInvoicedByRun). */
export const billingRunStartInput = z.object({
  runDate: z.iso.date({ error: "errors.input.calendarDate" }),
});
export type BillingRunStartInput = z.infer<typeof billingRunStartInput>;

export const billingRunIdInput = z.object({ id: recordId });
export type BillingRunIdInput = z.infer<typeof billingRunIdInput>;

export const billingRunListInput = z.object({ limit: z.number().int().min(1).max(120).default(36) });
export type BillingRunListInput = z.infer<typeof billingRunListInput>;
