import { z } from "zod";

export const invoiceListInput = z.object({
  customerId: z.number().int().positive().optional(),
  status: z.enum(["draft", "open", "paid", "void"]).optional(),
  cursor: z.object({ issueDate: z.iso.date(), id: z.number().int() }).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type InvoiceListInput = z.infer<typeof invoiceListInput>;
