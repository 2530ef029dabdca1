import { router } from "../trpc/init";
import { capabilityProcedure } from "../trpc/procedures";
import { slaPolicyInput, slaReportInput, ticketListInput, ticketSearchInput } from "../../lib/schemas/tickets";
import {
  cannedReplySaveInput,
  createChildInput,
  fileUnmatchedEmailInput,
  fileUnmatchedSmsInput,
  linkParentInput,
  renderCannedInput,
  ticketAssignInput,
  ticketIdInput,
  ticketJobInput,
  ticketReplyInput,
  ticketStatusInput,
  ticketUpdateInput,
} from "../../lib/schemas/ticket-desk";
import { listTickets } from "../services/tickets/list-tickets";
import { fileUnmatchedSms, listUnmatchedSms } from "../services/tickets/inbound-sms";
import { fileUnmatchedEmail, listUnmatchedEmails } from "../services/tickets/inbound-email-inbox";
import { getTicketWorkspace } from "../services/tickets/ticket-workspace";
import { writeOnTicket } from "../services/tickets/ticket-reply";
import {
  assignTicket,
  createChildTicket,
  linkTicketParent,
  setTicketStatus,
  unlinkTicketParent,
  updateTicket,
} from "../services/tickets/ticket-changes";
import { listCannedReplies, renderCannedForTicket, saveCannedReply } from "../services/tickets/canned-replies";
import { searchTickets } from "../services/tickets/search-tickets";
import { listSlaPolicies, updateSlaPolicy } from "../services/tickets/sla";
import { slaBreachReport } from "../services/tickets/sla-report";
import { createJobFromTicket } from "../services/tickets/ticket-job";

export const ticketsRouter = router({
  list: capabilityProcedure("tickets.read")
    .input(ticketListInput)
    .query(({ ctx, input }) => listTickets(ctx.db, input, ctx.staff.userId)),
  /** The ticket page: ticket, thread with notes, parent and children, customer panel, activity. */
  workspace: capabilityProcedure("tickets.read")
    .input(ticketIdInput)
    .query(({ ctx, input }) => getTicketWorkspace(ctx.db, ctx.actor, input.ticketId)),
  /** A public reply: out on the customer's channel (SMS or email) and in the portal; once per request key. */
  reply: capabilityProcedure("tickets.write")
    .input(ticketReplyInput)
    .mutation(({ ctx, input }) => writeOnTicket(ctx, ctx.actor, input, "public")),
  /** An internal note: never shown to the customer, never sent. */
  note: capabilityProcedure("tickets.write")
    .input(ticketReplyInput)
    .mutation(({ ctx, input }) => writeOnTicket(ctx, ctx.actor, input, "note")),
  setStatus: capabilityProcedure("tickets.write")
    .input(ticketStatusInput)
    .mutation(({ ctx, input }) => setTicketStatus(ctx.db, ctx.actor, input)),
  update: capabilityProcedure("tickets.write")
    .input(ticketUpdateInput)
    .mutation(({ ctx, input }) => updateTicket(ctx.db, ctx.actor, input)),
  assign: capabilityProcedure("tickets.write")
    .input(ticketAssignInput)
    .mutation(({ ctx, input }) => assignTicket(ctx.db, ctx.actor, input)),
  createChild: capabilityProcedure("tickets.write")
    .input(createChildInput)
    .mutation(({ ctx, input }) => createChildTicket(ctx.db, ctx.actor, input)),
  linkParent: capabilityProcedure("tickets.write")
    .input(linkParentInput)
    .mutation(({ ctx, input }) => linkTicketParent(ctx.db, ctx.actor, input)),
  unlinkParent: capabilityProcedure("tickets.write")
    .input(ticketIdInput)
    .mutation(({ ctx, input }) => unlinkTicketParent(ctx.db, ctx.actor, input)),
  /** A dispatch job at the ticket's location, linked to it and on the live board at once; once per request key. */
  createJob: capabilityProcedure("board.edit")
    .input(ticketJobInput)
    .mutation(({ ctx, input }) => createJobFromTicket(ctx, ctx.actor, input)),
  /** Active canned replies, for the composer. */
  cannedReplies: capabilityProcedure("tickets.read").query(({ ctx }) =>
    listCannedReplies(ctx.db, { activeOnly: true }),
  ),
  renderCanned: capabilityProcedure("tickets.write")
    .input(renderCannedInput)
    .query(({ ctx, input }) => renderCannedForTicket(ctx.db, ctx.actor, input)),
  /** Every canned reply, retired ones included, for the admin page. */
  allCannedReplies: capabilityProcedure("tickets.canned.manage").query(({ ctx }) =>
    listCannedReplies(ctx.db, { activeOnly: false }),
  ),
  saveCannedReply: capabilityProcedure("tickets.canned.manage")
    .input(cannedReplySaveInput)
    .mutation(({ ctx, input }) => saveCannedReply(ctx.db, ctx.actor, input)),
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
  /** Inbound SMS waiting for an agent: from a number on no customer, or on several. */
  unmatchedSms: capabilityProcedure("tickets.read").query(({ ctx }) => listUnmatchedSms(ctx.db)),
  /** Files a waiting inbound SMS on the customer the agent found. */
  fileUnmatchedSms: capabilityProcedure("tickets.write")
    .input(fileUnmatchedSmsInput)
    .mutation(({ ctx, input }) => fileUnmatchedSms(ctx.db, ctx.actor, input)),
  /** Inbound emails waiting for an agent: from an address on no customer, or on several. */
  unmatchedEmails: capabilityProcedure("tickets.read").query(({ ctx }) => listUnmatchedEmails(ctx.db)),
  /** Files a waiting inbound email on the customer the agent found. */
  fileUnmatchedEmail: capabilityProcedure("tickets.write")
    .input(fileUnmatchedEmailInput)
    .mutation(({ ctx, input }) => fileUnmatchedEmail(ctx.db, ctx.actor, input)),
});
