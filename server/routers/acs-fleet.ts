import { router } from "../trpc/init";
import { capabilityProcedure } from "../trpc/procedures";
import {
  fleetOptions,
  fleetRunView,
  listFleetRuns,
  pauseFleetPush,
  previewFleet,
  resumeFleetPush,
  startFleetPush,
} from "../services/network/fleet-push";
import { fleetRunInput, fleetSelectionInput, fleetStartInput } from "../../lib/schemas/cpe-remote";

/** Firmware pushed to a selection of devices: admin only (cpe.firmware). */
export const acsFleetRouter = router({
  options: capabilityProcedure("cpe.firmware").query(({ ctx }) => fleetOptions(ctx)),
  preview: capabilityProcedure("cpe.firmware")
    .input(fleetSelectionInput)
    .query(({ ctx, input }) => previewFleet(ctx.db, input)),
  start: capabilityProcedure("cpe.firmware")
    .input(fleetStartInput)
    .mutation(({ ctx, input }) => startFleetPush(ctx, ctx.actor, input)),
  pause: capabilityProcedure("cpe.firmware")
    .input(fleetRunInput)
    .mutation(({ ctx, input }) => pauseFleetPush(ctx, ctx.actor, input.runId)),
  resume: capabilityProcedure("cpe.firmware")
    .input(fleetRunInput)
    .mutation(({ ctx, input }) => resumeFleetPush(ctx, ctx.actor, input.runId)),
  runs: capabilityProcedure("cpe.firmware").query(({ ctx }) => listFleetRuns(ctx.db)),
  run: capabilityProcedure("cpe.firmware")
    .input(fleetRunInput)
    .query(({ ctx, input }) => fleetRunView(ctx.db, input.runId)),
});
