import { router } from "../trpc/init";
import { customerProcedure } from "../trpc/procedures";
import { changePortalWifi, portalWifiOverview } from "../services/network/tr069-portal";
import { wifiChangeInput } from "../../lib/schemas/cpe-remote";

/** The signed-in customer's own routers' Wi-Fi; whose they are comes from the session, never from input. */
export const portalWifiRouter = router({
  overview: customerProcedure.query(({ ctx }) => portalWifiOverview(ctx, ctx.actor, new Date())),
  change: customerProcedure
    .input(wifiChangeInput)
    .mutation(({ ctx, input }) => changePortalWifi(ctx, ctx.actor, input, new Date())),
});
