import { router } from "../trpc/init";
import { capabilityProcedure } from "../trpc/procedures";
import { techActInput, techDayInput } from "../../lib/schemas/tech";
import { techAct } from "../services/tech/actions";
import { techDay } from "../services/tech/day";
import { technicianOfUser } from "../services/tech/tech-access";

/** The technician's phone: the day's jobs and the actions it queues (lib/schemas/tech.ts). */
export const techRouter = router({
  day: capabilityProcedure("tech.work")
    .input(techDayInput)
    .query(({ ctx, input }) =>
      techDay(ctx.db, { userId: ctx.staff.userId, date: input.date, language: input.language }),
    ),
  act: capabilityProcedure("tech.work")
    .input(techActInput)
    .mutation(async ({ ctx, input }) => {
      const technician = await technicianOfUser(ctx.db, ctx.staff.userId);
      return techAct(ctx, { userId: ctx.staff.userId, technicianId: technician.id, name: ctx.staff.name }, input);
    }),
});
