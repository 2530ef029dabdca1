import { router } from "../trpc/init";
import { dispatcherProcedure, staffProcedureFor, technicianProcedure } from "../trpc/procedures";
import { createJobInput, dispatchDayInput } from "../../lib/schemas/dispatch";
import { createDispatchJob } from "../services/dispatch/create-job";
import { getDispatchDay, getTechnicianDay } from "../services/dispatch/day-jobs";

export const dispatchRouter = router({
  // Support reads the plan to answer "when is the technician coming?".
  day: staffProcedureFor(["admin", "dispatcher", "support"]).input(dispatchDayInput)
    .query(({ ctx, input }) => getDispatchDay(ctx.db, input.date)),
  myDay: technicianProcedure.input(dispatchDayInput)
    .query(({ ctx, input }) => getTechnicianDay(ctx.db, ctx.staff.userId, input.date)),
  createJob: dispatcherProcedure.input(createJobInput).mutation(({ ctx, input }) => createDispatchJob(ctx.db, ctx.actor, input)),
});
