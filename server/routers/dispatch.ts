import { router } from "../trpc/init";
import { capabilityProcedure } from "../trpc/procedures";
import {
  boardHistoryAtInput,
  boardHistoryDiffInput,
  boardHistoryEditsInput,
  createJobInput,
  dispatchDayInput,
  proposePlanInput,
} from "../../lib/schemas/dispatch";
import { boardAt, boardDiff, boardEdits, boardHistoryRange } from "../services/dispatch/board-history";
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
  /** The board's day replayed (/dispatch/history): who moved what, when, and the board at any instant. */
  historyRange: boardReader.input(dispatchDayInput).query(({ ctx, input }) => boardHistoryRange(ctx.db, input.date)),
  historyAt: boardReader.input(boardHistoryAtInput).query(({ ctx, input }) => boardAt(ctx.db, input.date, input.at)),
  historyEdits: boardReader
    .input(boardHistoryEditsInput)
    .query(({ ctx, input }) => boardEdits(ctx.db, input.date, { afterId: input.afterId, limit: input.limit })),
  historyDiff: boardReader
    .input(boardHistoryDiffInput)
    .query(({ ctx, input }) => boardDiff(ctx.db, input.date, input.from, input.to)),
  /** Solves the day and writes the answer into the board as a proposal for every dispatcher to review. */
  proposePlan: capabilityProcedure("board.edit")
    .input(proposePlanInput)
    .mutation(({ ctx, input }) => proposePlan(ctx, ctx.actor, input)),
});
