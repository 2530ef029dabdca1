import { z } from "zod";
import { router } from "../trpc/init";
import { customerProcedure } from "../trpc/procedures";
import {
  checkoutOutcome,
  portalPayOverview,
  removeSavedCard,
  startBalancePayment,
  startCardSetup,
  startInvoicePayment,
} from "../services/portal/portal-pay";

/** Stripe Checkout session ids are `cs_` then letters and digits; anything else cannot be one. */
const sessionIdInput = z.object({
  sessionId: z.string().regex(/^cs_[A-Za-z0-9_]{1,200}$/, "errors.portalPay.badSession"),
});

/** Nothing to send: an empty object, and anything in it is refused (400) rather than ignored. */
const noInput = z.object({}).strict().optional();

/** Portal payments and the saved card. The customer is the session's, never input. */
export const portalPayRouter = router({
  overview: customerProcedure.query(({ ctx }) => portalPayOverview(ctx.db, ctx.actor)),
  payInvoice: customerProcedure
    .input(z.object({ invoiceId: z.number().int().positive() }))
    .mutation(({ ctx, input }) => startInvoicePayment(ctx, ctx.actor, input)),
  payBalance: customerProcedure.input(noInput).mutation(({ ctx }) => startBalancePayment(ctx, ctx.actor)),
  saveCard: customerProcedure.input(noInput).mutation(({ ctx }) => startCardSetup(ctx, ctx.actor)),
  removeCard: customerProcedure.input(noInput).mutation(({ ctx }) => removeSavedCard(ctx, ctx.actor)),
  checkout: customerProcedure
    .input(sessionIdInput)
    .query(({ ctx, input }) => checkoutOutcome(ctx.db, ctx.actor, input)),
});
