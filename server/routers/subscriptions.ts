import { router } from "../trpc/init";
import { capabilityProcedure } from "../trpc/procedures";
import {
  subscriptionApplyInput,
  subscriptionIdInput,
  subscriptionListInput,
  subscriptionPreviewInput,
} from "../../lib/schemas/subscriptions";
import { applySubscriptionChange, previewSubscriptionChange } from "../services/subscriptions/apply-change";
import { getSubscription, listSubscriptions } from "../services/subscriptions/read-subscriptions";
import { revenueByPlan } from "../services/subscriptions/revenue-by-plan";
import { readSettings } from "../services/settings/settings";
import { decideChangeRequest, listChangeRequests } from "../services/subscriptions/change-requests";
import { changeRequestDecisionInput, changeRequestListInput } from "../../lib/schemas/portal-services";

/** Subscriptions, their changes with a proration preview, revenue by plan. */
export const subscriptionsRouter = router({
  list: capabilityProcedure("billing.read")
    .input(subscriptionListInput)
    .query(({ ctx, input }) => listSubscriptions(ctx.db, input)),
  get: capabilityProcedure("billing.read")
    .input(subscriptionIdInput)
    .query(({ ctx, input }) => getSubscription(ctx.db, input.subscriptionId)),
  // A preview writes nothing, so the support desk may show a customer what a change would cost.
  preview: capabilityProcedure("billing.read")
    .input(subscriptionPreviewInput)
    .query(async ({ ctx, input }) =>
      previewSubscriptionChange(ctx.db, input, { provider: (await readSettings(ctx)).provider }),
    ),
  // Not `apply`: tRPC reserves the name (it would shadow Function.prototype.apply on the caller proxy).
  applyChange: capabilityProcedure("billing.write")
    .input(subscriptionApplyInput)
    .mutation(async ({ ctx, input }) =>
      applySubscriptionChange(ctx.db, input, { provider: (await readSettings(ctx)).provider, actor: ctx.actor }),
    ),
  revenueByPlan: capabilityProcedure("billing.read").query(({ ctx }) => revenueByPlan(ctx.db)),
  // Customers' requests from the portal: approving applies the change (once), refusing records why.
  changeRequests: capabilityProcedure("billing.read")
    .input(changeRequestListInput)
    .query(({ ctx, input }) => listChangeRequests(ctx.db, input)),
  decideChangeRequest: capabilityProcedure("billing.write")
    .input(changeRequestDecisionInput)
    .mutation(({ ctx, input }) => decideChangeRequest(ctx.db, ctx.actor, input, { provider: ctx.config.billing })),
});
