import { router } from "../trpc/init";
import { staffProcedureFor, technicianProcedure } from "../trpc/procedures";
import { dispatchDayInput } from "../../lib/schemas/dispatch";
import { getDispatchDay, getTechnicianDay } from "../services/dispatch/day-jobs";

export const dispatchRouter = router({
  // Support reads the plan to answer "when is the technician coming?".
  day: staffProcedureFor(["admin", "dispatcher", "support"]).input(dispatchDayInput)
    .query(({ ctx, input }) => getDispatchDay(ctx.db, input.date)),
  myDay: technicianProcedure.input(dispatchDayInput)
    .query(({ ctx, input }) => getTechnicianDay(ctx.db, ctx.staff.userId, input.date)),
});
