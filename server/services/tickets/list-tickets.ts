import { and, desc, eq, gte, ilike, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { customers, staffUsers, tickets } from "../../db/schema";
import { messageCountOfTicket } from "../customers/customer-360";
import { likePattern } from "../../../lib/domain/customer-search";
import type { TicketListInput } from "../../../lib/schemas/tickets";

/** The day after a date, so "created to 2026-03-31" includes the whole of March 31. */
function nextDay(isoDate: string): Date {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d;
}

/**
 * Tickets, newest first, filtered, by keyset pages: page 500 costs what page 1 costs.
 * Dates are compared in UTC; the office is in one time zone and a day's edge matters little here.
 */
export async function listTickets(db: Queryable, input: TicketListInput, currentStaffId: string | null) {
  const where: SQL[] = [];
  if (input.status?.length) where.push(inArray(tickets.status, input.status));
  if (input.type?.length) where.push(inArray(tickets.type, input.type));
  if (input.important !== undefined) where.push(eq(tickets.important, input.important));
  if (input.customerId) where.push(eq(tickets.customerId, input.customerId));
  if (input.assignedTo === "unassigned") where.push(isNull(tickets.assignedToId));
  else if (input.assignedTo === "me")
    where.push(currentStaffId ? eq(tickets.assignedToId, currentStaffId) : sql`false`);
  else if (input.assignedTo) where.push(eq(tickets.assignedToId, input.assignedTo));
  if (input.q) where.push(ilike(tickets.subject, likePattern(input.q)));
  if (input.createdFrom) where.push(gte(tickets.createdAt, new Date(`${input.createdFrom}T00:00:00Z`)));
  if (input.createdTo) where.push(lt(tickets.createdAt, nextDay(input.createdTo)));
  if (input.cursor) {
    const at = new Date(input.cursor.createdAt);
    where.push(or(lt(tickets.createdAt, at), and(eq(tickets.createdAt, at), lt(tickets.id, input.cursor.id)))!);
  }

  const rows = await db
    .select({
      id: tickets.id,
      parentId: tickets.parentId,
      subject: tickets.subject,
      type: tickets.type,
      status: tickets.status,
      important: tickets.important,
      createdAt: tickets.createdAt,
      slaDueAt: tickets.slaDueAt,
      customerId: tickets.customerId,
      customerName: customers.displayName,
      assignedToId: tickets.assignedToId,
      assignedToName: staffUsers.name,
      messageCount: messageCountOfTicket,
    })
    .from(tickets)
    .leftJoin(customers, eq(customers.id, tickets.customerId))
    .leftJoin(staffUsers, eq(staffUsers.id, tickets.assignedToId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(tickets.createdAt), desc(tickets.id))
    .limit(input.limit + 1);

  const hasMore = rows.length > input.limit;
  const page = hasMore ? rows.slice(0, input.limit) : rows;
  const last = page.at(-1);
  return {
    items: page,
    nextCursor: hasMore && last ? { createdAt: last.createdAt.toISOString(), id: last.id } : null,
  };
}
