/**
 * The customer's side of tickets: their own tickets only (the customer id comes from the
 * session's actor, never from input), public messages only (internal notes are filtered in the
 * query, never after), opening a ticket, and replying (ticket-reply.ts, which reopens a waiting,
 * resolved or closed ticket). Photos follow the message they belong to (ticket-attachments.ts).
 */
import { and, desc, eq, sql } from "drizzle-orm";
import type { Database, Queryable } from "../../db/client";
import { serviceLocations, ticketMessages, tickets } from "../../db/schema";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { RecordAccessError } from "../errors";
import type { PortalTicketListItem, PortalTicketView } from "../../../lib/schemas/ticket-desk";
import type { TicketType } from "../../../lib/domain/tickets";
import { threadOf } from "./ticket-workspace";
import { ticketFor } from "./ticket-access";
import { applyTicketSla } from "./sla";

function customerIdOf(actor: Actor): number {
  if (actor.realm !== "customer") throw new RecordAccessError("Only a customer lists their own tickets");
  return actor.customerId;
}

export async function listPortalTickets(db: Queryable, actor: Actor): Promise<PortalTicketListItem[]> {
  const customerId = customerIdOf(actor);
  const rows = await db
    .select({
      id: tickets.id,
      subject: tickets.subject,
      type: tickets.type,
      status: tickets.status,
      important: tickets.important,
      createdAt: tickets.createdAt,
      updatedAt: tickets.updatedAt,
      closedAt: tickets.closedAt,
      lastMessageAt: sql<Date | null>`(select max(m.created_at) from ticket_messages m
        where m.ticket_id = "tickets"."id" and not m.internal)`.mapWith((v: string | Date | null) =>
        v === null ? null : new Date(v),
      ),
      messageCount: sql<number>`(select count(*) from ticket_messages m
        where m.ticket_id = "tickets"."id" and not m.internal)`.mapWith(Number),
    })
    .from(tickets)
    .where(eq(tickets.customerId, customerId))
    .orderBy(desc(tickets.updatedAt), desc(tickets.id))
    .limit(100);
  return rows;
}

export async function getPortalTicket(db: Queryable, actor: Actor, ticketId: number): Promise<PortalTicketView> {
  customerIdOf(actor);
  const ticket = await ticketFor(db, actor, ticketId);
  const messages = await threadOf(db, ticket.id, false);
  return {
    ticket: {
      id: ticket.id,
      subject: ticket.subject,
      type: ticket.type,
      status: ticket.status,
      important: ticket.important,
      createdAt: ticket.createdAt,
      updatedAt: ticket.updatedAt,
      closedAt: ticket.closedAt,
    },
    messages: messages.map(({ delivery: _delivery, internal: _internal, ...m }) => m),
  };
}

/** A new ticket from the portal, with the customer's first message; once per request key. */
export async function openPortalTicket(
  db: Database,
  actor: Actor,
  input: { subject: string; type: TicketType; body: string; requestKey: string },
): Promise<{ ticketId: number; messageId: number; created: boolean }> {
  const customerId = customerIdOf(actor);
  return db.transaction(async (tx) => {
    // One portal request at a time per customer: a retried submit waits, then finds its ticket.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('portal-ticket'), ${customerId}::int)`);
    const [earlier] = await tx
      .select({ ticketId: ticketMessages.ticketId, messageId: ticketMessages.id })
      .from(ticketMessages)
      .innerJoin(tickets, eq(tickets.id, ticketMessages.ticketId))
      .where(and(eq(tickets.customerId, customerId), eq(ticketMessages.requestKey, input.requestKey)));
    if (earlier) return { ticketId: earlier.ticketId, messageId: earlier.messageId, created: false };
    const [location] = await tx
      .select({ id: serviceLocations.id })
      .from(serviceLocations)
      .where(eq(serviceLocations.customerId, customerId))
      .orderBy(serviceLocations.id)
      .limit(1);
    const [ticket] = await tx
      .insert(tickets)
      .values({ subject: input.subject, type: input.type, customerId, locationId: location?.id ?? null })
      .returning({ id: tickets.id });
    await applyTicketSla(tx, ticket!.id);
    const [message] = await tx
      .insert(ticketMessages)
      .values({
        ticketId: ticket!.id,
        channel: "portal",
        authorKind: "customer",
        authorName: actor.name,
        body: input.body,
        requestKey: input.requestKey,
      })
      .returning({ id: ticketMessages.id });
    await recordAudit(tx, actor, {
      action: "ticket.open",
      entityType: "ticket",
      entityId: ticket!.id,
      changes: { subject: { from: null, to: input.subject }, type: { from: null, to: input.type } },
    });
    // The message id is where the browser sends the ticket's photos next.
    return { ticketId: ticket!.id, messageId: message!.id, created: true };
  });
}
