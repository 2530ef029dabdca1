import { router } from "../trpc/init";
import { customerProcedure } from "../trpc/procedures";
import { portalOpenTicketInput, ticketIdInput, ticketReplyInput } from "../../lib/schemas/ticket-desk";
import { getPortalTicket, listPortalTickets, openPortalTicket } from "../services/tickets/portal-tickets";
import { writeOnTicket } from "../services/tickets/ticket-reply";

/** The signed-in customer's own tickets; whose they are comes from the session, never from input. */
export const portalTicketsRouter = router({
  list: customerProcedure.query(({ ctx }) => listPortalTickets(ctx.db, ctx.actor)),
  /** One of the customer's tickets with its public messages (never internal notes). */
  get: customerProcedure
    .input(ticketIdInput)
    .query(({ ctx, input }) => getPortalTicket(ctx.db, ctx.actor, input.ticketId)),
  open: customerProcedure
    .input(portalOpenTicketInput)
    .mutation(({ ctx, input }) => openPortalTicket(ctx.db, ctx.actor, input)),
  /** The customer's answer; it reopens a waiting, resolved or closed ticket. */
  reply: customerProcedure
    .input(ticketReplyInput)
    .mutation(({ ctx, input }) => writeOnTicket(ctx, ctx.actor, input, "public")),
});
