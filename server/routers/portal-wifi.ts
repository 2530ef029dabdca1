import { router } from "../trpc/init";
import { customerProcedure } from "../trpc/procedures";
import { changePortalWifi, portalWifiOverview } from "../services/network/tr069-portal";
import { restartPortalModem } from "../services/network/tr069-portal-restart";
import { equipmentRemoteInput, wifiChangeInput } from "../../lib/schemas/cpe-remote";

/** The signed-in customer's own routers' Wi-Fi; whose they are comes from the session, never from input. */
export const portalWifiRouter = router({
  overview: customerProcedure.query(({ ctx }) => portalWifiOverview(ctx, ctx.actor, new Date())),
  change: customerProcedure
    .input(wifiChangeInput)
    .mutation(({ ctx, input }) => changePortalWifi(ctx, ctx.actor, input, new Date())),
  /** "Restart my modem": one of the customer's own ACS-managed devices, once per cooldown. */
  restart: customerProcedure
    .input(equipmentRemoteInput)
    .mutation(({ ctx, input }) => restartPortalModem(ctx, ctx.actor, input, new Date())),
});
