import { router, publicProcedure } from "../trpc/init";

export const sessionRouter = router({
  whoami: publicProcedure.query(({ ctx }) => ({ staff: ctx.staff, customer: ctx.customer })),
});
