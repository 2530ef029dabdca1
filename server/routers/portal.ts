import { router } from "../trpc/init";
import { customerProcedure } from "../trpc/procedures";
import { getPortalAccount } from "../services/portal/portal-account";

export const portalRouter = router({
  /** The signed-in customer's own account; the id comes from the session, never from input. */
  account: customerProcedure.query(({ ctx }) => getPortalAccount(ctx.db, ctx.actor)),
});
