import { router } from "../trpc/init";
import { billingProcedure, officeProcedure } from "../trpc/procedures";
import {
  agingInput, allocatePaymentInput, customerBalanceInput, dunningActivityInput, paymentIdInput, paymentListInput,
  recordPaymentInput, runDunningInput, suggestAllocationInput,
} from "../../lib/schemas/payments";
import { localDate } from "../../lib/domain/dispatch-day";
import { agingReport } from "../services/payments/aging-report";
import { customerBalance } from "../services/payments/customer-balance";
import { dunningActivity, getPayment, listPayments } from "../services/payments/list-payments";
import { allocateCredit, recordManualPayment, suggestAllocationFor } from "../services/payments/manual-payments";
import { runDunning } from "../services/payments/run-dunning";

/** Manual payments and allocation, balances, aging, dunning. Reads for the office, writes for billing. */
export const paymentsRouter = router({
  list: officeProcedure.input(paymentListInput).query(({ ctx, input }) => listPayments(ctx.db, input)),
  get: officeProcedure.input(paymentIdInput).query(({ ctx, input }) => getPayment(ctx.db, input.id)),
  suggestAllocation: officeProcedure.input(suggestAllocationInput).query(({ ctx, input }) => suggestAllocationFor(ctx.db, input)),
  customerBalance: officeProcedure.input(customerBalanceInput)
    .query(({ ctx, input }) => customerBalance(ctx.db, input.customerId, input.asOf ?? localDate(new Date()))),
  aging: officeProcedure.input(agingInput).query(({ ctx, input }) => agingReport(ctx.db, input)),
  dunningActivity: officeProcedure.input(dunningActivityInput).query(({ ctx, input }) => dunningActivity(ctx.db, input.limit)),
  record: billingProcedure.input(recordPaymentInput).mutation(({ ctx, input }) => recordManualPayment(ctx.db, ctx.actor, input)),
  allocate: billingProcedure.input(allocatePaymentInput).mutation(({ ctx, input }) => allocateCredit(ctx.db, ctx.actor, input)),
  runDunning: billingProcedure.input(runDunningInput).mutation(({ ctx, input }) => runDunning(ctx.db, ctx.config, { today: input.today, actor: ctx.actor })),
});
