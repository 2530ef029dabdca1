import { router } from "../trpc/init";
import { customerProcedure } from "../trpc/procedures";
import { localDate } from "../../lib/domain/quebec-dates";
import { portalChangePreviewInput, portalChangeRequestInput } from "../../lib/schemas/portal-services";
import { portalPlanOverview, previewPortalChange, requestPortalChange } from "../services/portal/portal-plan-change";

/** Plan changes and cancellations asked for by the signed-in customer; staff decide them in the office. */
export const portalPlansRouter = router({
  overview: customerProcedure.query(({ ctx }) => portalPlanOverview(ctx.db, ctx.actor, localDate(new Date()))),
  preview: customerProcedure
    .input(portalChangePreviewInput)
    .query(({ ctx, input }) =>
      previewPortalChange(ctx.db, ctx.actor, input, { provider: ctx.config.billing, today: localDate(new Date()) }),
    ),
  request: customerProcedure
    .input(portalChangeRequestInput)
    .mutation(({ ctx, input }) =>
      requestPortalChange(ctx.db, ctx.actor, input, { provider: ctx.config.billing, today: localDate(new Date()) }),
    ),
});
