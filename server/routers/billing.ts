import { router } from "../trpc/init";
import { billingProcedure } from "../trpc/procedures";
import { billingRunIdInput, billingRunStartInput, invoiceListInput } from "../../lib/schemas/billing";
import { listInvoices } from "../services/billing/list-invoices";
import { getBillingRun, runBilling } from "../services/billing/billing-run";

export const billingRouter = router({
  invoices: billingProcedure.input(invoiceListInput).query(({ ctx, input }) => listInvoices(ctx.db, input)),
  // Synchronous in this slice: the pg-boss job and the live progress page come later.
  startRun: billingProcedure.input(billingRunStartInput).mutation(({ ctx, input }) => runBilling(ctx.db, { runDate: input.runDate, actor: ctx.actor })),
  run: billingProcedure.input(billingRunIdInput).query(({ ctx, input }) => getBillingRun(ctx.db, input.id)),
});
