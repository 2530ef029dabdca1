import { router } from "../trpc/init";
import { billingProcedure } from "../trpc/procedures";
import { billingRunIdInput, billingRunListInput, billingRunStartInput, invoiceListInput } from "../../lib/schemas/billing";
import { listInvoices } from "../services/billing/list-invoices";
import { startBillingRun } from "../services/billing/billing-run-start";
import { getBillingRunDetail, listBillingRuns } from "../services/billing/billing-run-activity";
import { billingRunJobs } from "../jobs/billing-jobs";
import { jobQueueFor } from "../jobs/holder";

export const billingRouter = router({
  invoices: billingProcedure.input(invoiceListInput).query(({ ctx, input }) => listInvoices(ctx.db, input)),
  /** Opens the month's run and queues its job; returns at once with the run (status `running`). */
  startRun: billingProcedure.input(billingRunStartInput).mutation(async ({ ctx, input }) =>
    startBillingRun(ctx.db, billingRunJobs(await jobQueueFor(ctx.db, ctx.config)), { runDate: input.runDate, actor: ctx.actor })),
  run: billingProcedure.input(billingRunIdInput).query(async ({ ctx, input }) => getBillingRunDetail(ctx.db, await jobQueueFor(ctx.db, ctx.config), input.id)),
  runs: billingProcedure.input(billingRunListInput).query(({ ctx, input }) => listBillingRuns(ctx.db, input)),
});
