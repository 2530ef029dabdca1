/**
 * Putting an inbound email on a ticket, shared by the webhook's own matching and by an agent
 * filing an inbox entry: whose address it is, the customer's open email ticket, and the message
 * with its attachment rows. Everything here runs inside the caller's transaction.
 */
import { and, asc, desc, eq, ne, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import {
  customers,
  portalUsers,
  serviceLocations,
  ticketAttachments,
  ticketMessages,
  tickets,
  type HeldAttachment,
} from "../../db/schema";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { clearStorageIntent } from "../sweepers/storage-intents";
import { replyEffect } from "../../../lib/domain/ticket-desk/workflow";
import { applyTicketSla } from "./sla";

export const EMAIL_ACTOR: Actor = { realm: "system", userId: null, name: "Email" };

/**
 * The customers this address belongs to: their address on file, or the address of a portal
 * account of theirs. Compared lowercased and trimmed, as addresses are written by hand.
 */
export async function customersWithEmail(db: Queryable, address: string): Promise<number[]> {
  const onFile = await db
    .select({ id: customers.id })
    .from(customers)
    .where(sql`lower(trim(${customers.email})) = ${address}`);
  const portal = await db
    .select({ id: portalUsers.customerId })
    .from(portalUsers)
    .where(sql`lower(trim(${portalUsers.email})) = ${address}`);
  return [...new Set([...onFile, ...portal].map((row) => row.id))].sort((a, b) => a - b);
}

/** The customer's newest ticket that came by email (its first message) and is not closed. */
async function openEmailTicket(tx: Queryable, customerId: number) {
  const firstChannel = sql`(select m.channel from ticket_messages m where m.ticket_id = ${tickets.id}
    order by m.created_at asc, m.id asc limit 1)`;
  const [ticket] = await tx
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(eq(tickets.customerId, customerId), ne(tickets.status, "closed"), sql`${firstChannel} = 'email'`))
    .orderBy(desc(tickets.createdAt), desc(tickets.id))
    .limit(1);
  return ticket;
}

async function openTicket(tx: Queryable, customerId: number, subject: string, body: string): Promise<number> {
  const [location] = await tx
    .select({ id: serviceLocations.id })
    .from(serviceLocations)
    .where(eq(serviceLocations.customerId, customerId))
    .orderBy(asc(serviceLocations.id))
    .limit(1);
  // The customer's own words: nothing in them is ours to translate.
  const title =
    subject.replace(/\s+/g, " ").trim().slice(0, 200) ||
    `Email · ${body.replace(/\s+/g, " ").trim().slice(0, 80) || "…"}`;
  const [ticket] = await tx
    .insert(tickets)
    .values({ subject: title, type: "support", customerId, locationId: location?.id ?? null })
    .returning({ id: tickets.id });
  await applyTicketSla(tx, ticket!.id);
  await recordAudit(tx, EMAIL_ACTOR, {
    action: "ticket.open",
    entityType: "ticket",
    entityId: ticket!.id,
    changes: { subject: { from: null, to: title }, type: { from: null, to: "support" } },
  });
  return ticket!.id;
}

export interface EmailToFile {
  /** The sender's Message-ID: later answers thread on it, and it marks the message as received. */
  messageId: string;
  subject: string;
  body: string;
  attachments: HeldAttachment[];
  /** An out-of-office or other automatic mail: kept, but it does not reopen the ticket (isAutomaticReply). */
  automatic?: boolean;
}

export type Destination = { ticketId: number } | { customerId: number };

/**
 * The message on a ticket the email named (a reply threads there, and reopens it as any customer
 * reply does: lib/domain/ticket-desk/workflow.ts) or on the customer's open email ticket, else a
 * new one. Each kept attachment becomes a ticket_attachments row; its storage intent goes with
 * this transaction's commit.
 */
export async function fileEmail(
  tx: Queryable,
  destination: Destination,
  email: EmailToFile,
): Promise<{ ticketId: number; messageId: number; created: boolean }> {
  let ticketId: number;
  let created = false;
  if ("ticketId" in destination) ticketId = destination.ticketId;
  else {
    // Two emails of one customer arriving together: the second waits, then finds the ticket the first opened.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('email-ticket'), ${destination.customerId}::int)`);
    const open = await openEmailTicket(tx, destination.customerId);
    created = !open;
    ticketId = open ? open.id : await openTicket(tx, destination.customerId, email.subject, email.body);
  }
  const [ticket] = await tx
    .select({ id: tickets.id, status: tickets.status, customerId: tickets.customerId })
    .from(tickets)
    .where(eq(tickets.id, ticketId))
    .for("update");
  if (!ticket) throw new Error(`ticket ${ticketId} vanished while filing an email`);
  const effect = replyEffect({ status: ticket.status, author: "customer", kind: "public" });
  const status = effect.ok && !email.automatic ? effect.status : ticket.status;
  await tx
    .update(tickets)
    .set({ status, updatedAt: sql`now()`, ...(status !== ticket.status ? { closedAt: null } : {}) })
    .where(eq(tickets.id, ticket.id));
  if (status !== ticket.status)
    await recordAudit(tx, EMAIL_ACTOR, {
      action: "ticket.status",
      entityType: "ticket",
      entityId: ticket.id,
      changes: { status: { from: ticket.status, to: status } },
    });

  const [customer] = ticket.customerId
    ? await tx.select({ name: customers.displayName }).from(customers).where(eq(customers.id, ticket.customerId))
    : [];
  const [message] = await tx
    .insert(ticketMessages)
    .values({
      ticketId: ticket.id,
      channel: "email",
      authorKind: "customer",
      authorName: customer?.name ?? "",
      body: email.body,
      emailMessageId: email.messageId,
    })
    .returning({ id: ticketMessages.id });
  for (const file of email.attachments) {
    await tx.insert(ticketAttachments).values({ ticketId: ticket.id, messageId: message!.id, ...file });
    await clearStorageIntent(tx, file.storageKey);
  }
  return { ticketId: ticket.id, messageId: message!.id, created };
}
