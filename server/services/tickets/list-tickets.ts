import {
  and,
  asc,
  desc,
  eq,
  gt,
  gte,
  ilike,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  or,
  sql,
  type SQL,
} from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { customers, staffUsers, tickets } from "../../db/schema";
import { messageCountOfTicket } from "../customers/customer-360";
import { likePattern } from "../../../lib/domain/customer-search";
import type { TicketListInput } from "../../../lib/schemas/tickets";
import { viewPreset } from "../../../lib/domain/ticket-views";
import { NEAR_BREACH_MINUTES } from "../../../lib/domain/sla/policy";

/** The day after a date, so "created to 2026-03-31" includes the whole of March 31. */
function nextDay(isoDate: string): Date {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d;
}

/**
 * Tickets, newest first (the breaching view: soonest deadline first), filtered, by keyset pages:
 * page 500 costs what page 1 costs. A saved view (`view`) presets filters that explicit ones
 * override. Dates are compared in UTC; the office is in one time zone and a day's edge matters
 * little here.
 */
export async function listTickets(
  db: Queryable,
  input: TicketListInput,
  currentStaffId: string | null,
  now: Date = new Date(),
) {
  const preset = viewPreset(input.view ?? "all");
  const where: SQL[] = [];
  const statuses = input.status?.length ? input.status : preset.defaultStatuses;
  if (statuses?.length) where.push(inArray(tickets.status, [...statuses]));
  const assignedTo = input.assignedTo ?? preset.assignee ?? undefined;
  if (preset.breaching) {
    where.push(isNotNull(tickets.slaNextDueAt));
    where.push(lte(tickets.slaNextDueAt, new Date(now.getTime() + NEAR_BREACH_MINUTES * 60_000)));
  }
  if (input.type?.length) where.push(inArray(tickets.type, input.type));
  if (input.important !== undefined) where.push(eq(tickets.important, input.important));
  if (input.customerId) where.push(eq(tickets.customerId, input.customerId));
  if (assignedTo === "unassigned") where.push(isNull(tickets.assignedToId));
  else if (assignedTo === "me") where.push(currentStaffId ? eq(tickets.assignedToId, currentStaffId) : sql`false`);
  else if (assignedTo) where.push(eq(tickets.assignedToId, assignedTo));
  if (input.q) where.push(ilike(tickets.subject, likePattern(input.q)));
  if (input.createdFrom) where.push(gte(tickets.createdAt, new Date(`${input.createdFrom}T00:00:00Z`)));
  if (input.createdTo) where.push(lt(tickets.createdAt, nextDay(input.createdTo)));
  const byDue = preset.order === "due";
  if (byDue && input.cursor?.dueAt) {
    const at = new Date(input.cursor.dueAt);
    where.push(or(gt(tickets.slaNextDueAt, at), and(eq(tickets.slaNextDueAt, at), gt(tickets.id, input.cursor.id)))!);
  } else if (!byDue && input.cursor) {
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
      firstResponseDueAt: tickets.firstResponseDueAt,
      firstRespondedAt: tickets.firstRespondedAt,
      slaNextDueAt: tickets.slaNextDueAt,
      closedAt: tickets.closedAt,
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
    .orderBy(...(byDue ? [asc(tickets.slaNextDueAt), asc(tickets.id)] : [desc(tickets.createdAt), desc(tickets.id)]))
    .limit(input.limit + 1);

  const hasMore = rows.length > input.limit;
  const page = hasMore ? rows.slice(0, input.limit) : rows;
  const last = page.at(-1);
  return {
    items: page,
    nextCursor:
      hasMore && last
        ? {
            createdAt: last.createdAt.toISOString(),
            id: last.id,
            ...(byDue && last.slaNextDueAt ? { dueAt: last.slaNextDueAt.toISOString() } : {}),
          }
        : null,
  };
}
