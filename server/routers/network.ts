import { router } from "../trpc/init";
import { capabilityProcedure, customerProcedure } from "../trpc/procedures";
import { equipmentIdInput, modelOidInput } from "../../lib/schemas/network";
import { getEquipmentRecord, listPortalEquipment } from "../services/network/equipment-record";
import { runEquipmentDiagnostic } from "../services/network/run-diagnostic";
import { listModelOids, saveModelOid } from "../services/network/model-oids";

export const networkRouter = router({
  /** A device's record, health and diagnostics history. */
  equipment: capabilityProcedure("network.read")
    .input(equipmentIdInput)
    .query(({ ctx, input }) => getEquipmentRecord(ctx.db, input.equipmentId)),
  /** Probes the device at its inventory address; the answer, or the reason it was not probed, is stored. */
  diagnose: capabilityProcedure("network.probe")
    .input(equipmentIdInput)
    .mutation(({ ctx, input }) => runEquipmentDiagnostic(ctx, ctx.actor, input)),
  modelOids: capabilityProcedure("network.read").query(({ ctx }) => listModelOids(ctx.db)),
  saveModelOid: capabilityProcedure("network.configure")
    .input(modelOidInput)
    .mutation(({ ctx, input }) => saveModelOid(ctx.db, ctx.actor, input)),
});

export const portalEquipmentRouter = router({
  /** The signed-in customer's own devices; the customer comes from the session, never from input. */
  list: customerProcedure.query(({ ctx }) => listPortalEquipment(ctx.db, ctx.actor)),
});
