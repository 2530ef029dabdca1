import { router } from "../trpc/init";
import { capabilityProcedure } from "../trpc/procedures";
import { invoiceIdInput, invoiceListInput, invoiceResendInput } from "../../lib/schemas/invoices";
import { localDate } from "../../lib/domain/quebec-dates";
import { listInvoiceSummaries } from "../services/invoices/list-invoices";
import { getInvoiceDetail } from "../services/invoices/invoice-detail";
import { resendInvoiceEmail } from "../services/invoices/email-invoice";

/** Invoice list, detail and email delivery; the PDF is served by app/api/invoices/[id]/pdf. */
export const invoicesRouter = router({
  list: capabilityProcedure("billing.read")
    .input(invoiceListInput)
    .query(({ ctx, input }) => listInvoiceSummaries(ctx.db, input, localDate(new Date()))),
  get: capabilityProcedure("billing.read")
    .input(invoiceIdInput)
    .query(async ({ ctx, input }) => {
      const detail = await getInvoiceDetail(ctx.db, input.id, { kind: "staff" });
      return { ...detail, today: localDate(new Date()) };
    }),
  resendEmail: capabilityProcedure("billing.write")
    .input(invoiceResendInput)
    .mutation(({ ctx, input }) => resendInvoiceEmail(ctx, ctx.actor, input)),
});
