import { router } from "../trpc/init";
import { capabilityProcedure } from "../trpc/procedures";
import { slaPolicyInput, slaReportInput, ticketListInput, ticketSearchInput } from "../../lib/schemas/tickets";
import { listTickets } from "../services/tickets/list-tickets";
import { searchTickets } from "../services/tickets/search-tickets";
import { listSlaPolicies, updateSlaPolicy } from "../services/tickets/sla";
import { slaBreachReport } from "../services/tickets/sla-report";

export const ticketsRouter = router({
  list: capabilityProcedure("tickets.read")
    .input(ticketListInput)
    .query(({ ctx, input }) => listTickets(ctx.db, input, ctx.staff.userId)),
  /** Full-text search over subjects and message bodies, ranked then newest first. */
  search: capabilityProcedure("tickets.read")
    .input(ticketSearchInput)
    .query(({ ctx, input }) => searchTickets(ctx.db, input, ctx.staff.userId)),
  slaPolicies: capabilityProcedure("tickets.read").query(({ ctx }) => listSlaPolicies(ctx.db)),
  updateSlaPolicy: capabilityProcedure("sla.manage")
    .input(slaPolicyInput)
    .mutation(({ ctx, input }) => updateSlaPolicy(ctx.db, ctx.actor, input)),
  /** Deadlines met and missed, by the week they fell due. */
  slaReport: capabilityProcedure("tickets.read")
    .input(slaReportInput)
    .query(({ ctx, input }) => slaBreachReport(ctx.db, { weeks: input.weeks, now: new Date() })),
});
