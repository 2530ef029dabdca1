import { router } from "../trpc/init";
import { customerProcedure } from "../trpc/procedures";
import { getPortalProfile, setPortalConsent, updatePortalProfile } from "../services/portal/portal-profile";
import { portalConsentInput, portalProfileInput } from "../../lib/schemas/portal-account";

/** The signed-in customer's own profile; whose it is comes from the session, never from input. */
export const portalProfileRouter = router({
  get: customerProcedure.query(({ ctx }) => getPortalProfile(ctx.db, ctx.actor)),
  update: customerProcedure
    .input(portalProfileInput)
    .mutation(({ ctx, input }) => updatePortalProfile(ctx.db, ctx.actor, input)),
  setConsent: customerProcedure
    .input(portalConsentInput)
    .mutation(({ ctx, input }) => setPortalConsent(ctx.db, ctx.actor, input)),
});
