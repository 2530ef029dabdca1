import { router } from "../trpc/init";
import { billingProcedure } from "../trpc/procedures";
import { invoiceListInput } from "../../lib/schemas/billing";
import { listInvoices } from "../services/billing/list-invoices";

export const billingRouter = router({
  invoices: billingProcedure.input(invoiceListInput).query(({ ctx, input }) => listInvoices(ctx.db, input)),
});
