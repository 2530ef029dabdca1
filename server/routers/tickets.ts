import { router } from "../trpc/init";
import { capabilityProcedure } from "../trpc/procedures";
import { ticketListInput } from "../../lib/schemas/tickets";
import { listTickets } from "../services/tickets/list-tickets";

export const ticketsRouter = router({
  list: capabilityProcedure("tickets.read")
    .input(ticketListInput)
    .query(({ ctx, input }) => listTickets(ctx.db, input, ctx.staff.userId)),
});
