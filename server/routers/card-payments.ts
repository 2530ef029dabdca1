import { router } from "../trpc/init";
import { capabilityProcedure } from "../trpc/procedures";
import { cardRefundInput, invoiceCardInput } from "../../lib/schemas/card-payments";
import { chargeInvoice } from "../services/card-payments/charge-invoice";
import { refundPayment } from "../services/card-payments/refund-payment";
import { invoiceCardSummary, listPaymentAttempts } from "../services/card-payments/invoice-card-activity";

/** Stripe card and pre-authorized payments, refunds. */
export const cardPaymentsRouter = router({
  chargeInvoice: capabilityProcedure("billing.write").input(invoiceCardInput).mutation(({ ctx, input }) => chargeInvoice(ctx.db, ctx.config, ctx.actor, input.invoiceId)),
  refund: capabilityProcedure("billing.write").input(cardRefundInput)
    .mutation(({ ctx, input }) => refundPayment(ctx.db, ctx.config, ctx.actor, input.paymentId, input.amountCents, input.reason || null)),
  attempts: capabilityProcedure("billing.write").input(invoiceCardInput).query(({ ctx, input }) => listPaymentAttempts(ctx.db, input.invoiceId)),
  invoiceSummary: capabilityProcedure("billing.write").input(invoiceCardInput).query(({ ctx, input }) => invoiceCardSummary(ctx.db, ctx.config, input.invoiceId)),
});
