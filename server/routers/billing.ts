import { router } from "../trpc/init";
import { capabilityProcedure } from "../trpc/procedures";
import {
  billingRunIdInput,
  billingRunListInput,
  billingRunStartInput,
  invoiceListInput,
} from "../../lib/schemas/billing";
import { listInvoices } from "../services/billing/list-invoices";
import { startBillingRun } from "../services/billing/billing-run-start";
import { getBillingRunDetail, listBillingRuns } from "../services/billing/billing-run-activity";

export const billingRouter = router({
  invoices: capabilityProcedure("billing.runs")
    .input(invoiceListInput)
    .query(({ ctx, input }) => listInvoices(ctx.db, input)),
  /** Opens the month's run and queues its job; returns at once with the run (status `running`). */
  startRun: capabilityProcedure("billing.runs")
    .input(billingRunStartInput)
    .mutation(({ ctx, input }) => startBillingRun(ctx, ctx.actor, { runDate: input.runDate })),
  run: capabilityProcedure("billing.runs")
    .input(billingRunIdInput)
    .query(({ ctx, input }) => getBillingRunDetail(ctx, input.id)),
  runs: capabilityProcedure("billing.runs")
    .input(billingRunListInput)
    .query(({ ctx, input }) => listBillingRuns(ctx.db, input)),
});
