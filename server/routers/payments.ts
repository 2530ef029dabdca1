import { router } from "../trpc/init";
import { capabilityProcedure } from "../trpc/procedures";
import {
  agingInput,
  allocatePaymentInput,
  customerBalanceInput,
  dunningActivityInput,
  paymentIdInput,
  paymentListInput,
  recordPaymentInput,
  resolveMessageInput,
  runDunningInput,
  undecidedMessagesInput,
  suggestAllocationInput,
} from "../../lib/schemas/payments";
import { localDate } from "../../lib/domain/quebec-dates";
import { agingReport } from "../services/payments/aging-report";
import { customerBalance } from "../services/payments/customer-balance";
import { dunningActivity, getPayment, listPayments } from "../services/payments/list-payments";
import { allocateCredit, recordManualPayment, suggestAllocationFor } from "../services/payments/manual-payments";
import { runDunning } from "../services/payments/run-dunning";
import { listUndecidedMessages, resolveUndecidedMessage } from "../services/messaging/undecided-messages";

/** Manual payments and allocation, balances, aging, dunning. Reads for the office, writes for billing. */
export const paymentsRouter = router({
  list: capabilityProcedure("billing.read")
    .input(paymentListInput)
    .query(({ ctx, input }) => listPayments(ctx.db, input)),
  get: capabilityProcedure("billing.read")
    .input(paymentIdInput)
    .query(({ ctx, input }) => getPayment(ctx.db, input.id)),
  suggestAllocation: capabilityProcedure("billing.read")
    .input(suggestAllocationInput)
    .query(({ ctx, input }) => suggestAllocationFor(ctx.db, input)),
  customerBalance: capabilityProcedure("billing.read")
    .input(customerBalanceInput)
    .query(({ ctx, input }) => customerBalance(ctx.db, input.customerId, input.asOf ?? localDate(new Date()))),
  aging: capabilityProcedure("billing.read")
    .input(agingInput)
    .query(({ ctx, input }) => agingReport(ctx.db, input)),
  dunningActivity: capabilityProcedure("billing.read")
    .input(dunningActivityInput)
    .query(({ ctx, input }) => dunningActivity(ctx.db, input.limit)),
  /** Reminders, notices and invoice emails the provider may or may not have taken: a person decides. */
  undecidedMessages: capabilityProcedure("billing.read")
    .input(undecidedMessagesInput)
    .query(({ ctx, input }) => listUndecidedMessages(ctx.db, input)),
  resolveMessage: capabilityProcedure("payments.write")
    .input(resolveMessageInput)
    .mutation(({ ctx, input }) => resolveUndecidedMessage(ctx.db, ctx.actor, input)),
  record: capabilityProcedure("payments.write")
    .input(recordPaymentInput)
    .mutation(({ ctx, input }) => recordManualPayment(ctx.db, ctx.actor, input)),
  allocate: capabilityProcedure("payments.write")
    .input(allocatePaymentInput)
    .mutation(({ ctx, input }) => allocateCredit(ctx.db, ctx.actor, input)),
  runDunning: capabilityProcedure("payments.write")
    .input(runDunningInput)
    .mutation(({ ctx, input }) => runDunning(ctx, ctx.actor, { today: input.today })),
});
