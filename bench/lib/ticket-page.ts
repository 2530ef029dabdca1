import { desc, eq, or, sql } from "drizzle-orm";
import type { Database } from "../../server/db/client";
import { customers, staffUsers, ticketMessages, tickets } from "../../server/db/schema";

/**
 * The ticket page's own reads, through drizzle as a service writes them: the ticket with its
 * people, its last 40 messages and its family. The customer panel is `customers.get360`. (The
 * ticket workspace's detail service can replace this once it lands.)
 */
export async function ticketPageData(db: Database, ticketId: number) {
  const [ticket, thread, family] = await Promise.all([
    db
      .select({ ticket: tickets, customerName: customers.displayName, assigneeName: staffUsers.name })
      .from(tickets)
      .leftJoin(customers, eq(customers.id, tickets.customerId))
      .leftJoin(staffUsers, eq(staffUsers.id, tickets.assignedToId))
      .where(eq(tickets.id, ticketId)),
    db
      .select({
        id: ticketMessages.id,
        channel: ticketMessages.channel,
        authorKind: ticketMessages.authorKind,
        authorStaffId: ticketMessages.authorStaffId,
        authorName: ticketMessages.authorName,
        body: ticketMessages.body,
        internal: ticketMessages.internal,
        createdAt: ticketMessages.createdAt,
      })
      .from(ticketMessages)
      .where(eq(ticketMessages.ticketId, ticketId))
      .orderBy(desc(ticketMessages.createdAt), desc(ticketMessages.id))
      .limit(40),
    db
      .select({
        id: tickets.id,
        parentId: tickets.parentId,
        subject: tickets.subject,
        status: tickets.status,
        type: tickets.type,
        createdAt: tickets.createdAt,
      })
      .from(tickets)
      .where(
        or(eq(tickets.id, sql`(select parent_id from tickets where id = ${ticketId})`), eq(tickets.parentId, ticketId)),
      )
      .orderBy(tickets.createdAt),
  ]);
  return { ticket: ticket[0], thread, family };
}
