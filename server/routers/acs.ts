import { z } from "zod";
import { router } from "../trpc/init";
import { capabilityProcedure } from "../trpc/procedures";
import { pushCpeFirmware, readCpeRemote, rebootCpe, refreshCpe, setCpeWifi } from "../services/network/tr069-remote";
import { equipmentRemoteInput, firmwarePushInput, wifiChangeInput } from "../../lib/schemas/cpe-remote";

/** A customer's device through the ACS (TR-069 over GenieACS's NBI), named by its equipment record only. */
export const acsRouter = router({
  device: capabilityProcedure("cpe.remote.read")
    .input(equipmentRemoteInput)
    .query(({ ctx, input }) => readCpeRemote(ctx, ctx.actor, input, new Date())),
  reboot: capabilityProcedure("cpe.remote.act")
    .input(equipmentRemoteInput)
    .mutation(({ ctx, input }) => rebootCpe(ctx, ctx.actor, input)),
  refresh: capabilityProcedure("cpe.remote.act")
    .input(equipmentRemoteInput.extend({ full: z.boolean() }))
    .mutation(({ ctx, input }) => refreshCpe(ctx, ctx.actor, input)),
  setWifi: capabilityProcedure("cpe.remote.act")
    .input(wifiChangeInput)
    .mutation(({ ctx, input }) => setCpeWifi(ctx, ctx.actor, input)),
  pushFirmware: capabilityProcedure("cpe.firmware")
    .input(firmwarePushInput)
    .mutation(({ ctx, input }) => pushCpeFirmware(ctx, ctx.actor, input)),
});
