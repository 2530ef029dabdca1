import { router } from "../trpc/init";
import { capabilityProcedure } from "../trpc/procedures";
import { createJobInput, dispatchDayInput, proposePlanInput } from "../../lib/schemas/dispatch";
import { createDispatchJob } from "../services/dispatch/create-job";
import { getDispatchDay, getTechnicianDay } from "../services/dispatch/day-jobs";
import { livePositions, serviceLocationPoints } from "../services/dispatch/map-data";
import { proposePlan } from "../services/dispatch/propose-plan";

/** Everyone who may open the live board may see its map. */
const boardReader = capabilityProcedure("dispatch.enter");

export const dispatchRouter = router({
  // Support reads the plan to answer "when is the technician coming?".
  day: boardReader.input(dispatchDayInput).query(({ ctx, input }) => getDispatchDay(ctx.db, input.date)),
  mapLocations: boardReader.query(({ ctx }) => serviceLocationPoints(ctx.db)),
  /** The map's backfill when the realtime connection could not recover the missed events. */
  livePositions: boardReader.query(({ ctx }) => livePositions(ctx)),
  myDay: capabilityProcedure("tech.work")
    .input(dispatchDayInput)
    .query(({ ctx, input }) => getTechnicianDay(ctx.db, ctx.staff.userId, input.date)),
  createJob: capabilityProcedure("board.edit")
    .input(createJobInput)
    .mutation(({ ctx, input }) => createDispatchJob(ctx, ctx.actor, input)),
  /** Solves the day and writes the answer into the board as a proposal for every dispatcher to review. */
  proposePlan: capabilityProcedure("board.edit")
    .input(proposePlanInput)
    .mutation(({ ctx, input }) => proposePlan(ctx, ctx.actor, input)),
});
