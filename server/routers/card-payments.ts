import { router } from "../trpc/init";
import { capabilityProcedure } from "../trpc/procedures";
import { cardRefundInput, invoiceCardInput } from "../../lib/schemas/card-payments";
import { chargeInvoice } from "../services/card-payments/charge-invoice";
import { refundPayment } from "../services/card-payments/refund-payment";
import { invoiceCardSummary, listPaymentAttempts } from "../services/card-payments/invoice-card-activity";

/** Stripe card and pre-authorized payments, refunds. */
export const cardPaymentsRouter = router({
  chargeInvoice: capabilityProcedure("billing.write")
    .input(invoiceCardInput)
    .mutation(({ ctx, input }) => chargeInvoice(ctx, ctx.actor, { invoiceId: input.invoiceId })),
  refund: capabilityProcedure("billing.write")
    .input(cardRefundInput)
    .mutation(({ ctx, input }) =>
      refundPayment(ctx, ctx.actor, {
        paymentId: input.paymentId,
        amountCents: input.amountCents,
        reason: input.reason || null,
      }),
    ),
  attempts: capabilityProcedure("billing.write")
    .input(invoiceCardInput)
    .query(({ ctx, input }) => listPaymentAttempts(ctx.db, input.invoiceId)),
  invoiceSummary: capabilityProcedure("billing.write")
    .input(invoiceCardInput)
    .query(({ ctx, input }) => invoiceCardSummary(ctx, input.invoiceId)),
});
