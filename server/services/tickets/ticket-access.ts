/**
 * Who reaches which ticket. Staff with the ticket capabilities reach every ticket (the procedure
 * checked the capability); a customer reaches only the tickets of their own account, and another
 * customer's ticket answers exactly as a ticket that does not exist, so ids cannot be probed.
 */
import { eq } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { tickets } from "../../db/schema";
import type { Actor } from "../actor";
import { NotFoundError, RecordAccessError } from "../errors";

export type TicketRow = typeof tickets.$inferSelect;

export async function ticketFor(db: Queryable, actor: Actor, ticketId: number, lock = false): Promise<TicketRow> {
  const query = db.select().from(tickets).where(eq(tickets.id, ticketId));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new NotFoundError("ticket", ticketId);
  if (actor.realm === "customer" && row.customerId !== actor.customerId) throw new NotFoundError("ticket", ticketId);
  if (actor.realm === "system") throw new RecordAccessError("The system does not act on tickets through this service");
  return row;
}

/** Whether a ticket exists (the realtime server's check before a staff member joins its room). */
export async function ticketExists(db: Queryable, ticketId: number): Promise<boolean> {
  const [row] = await db.select({ id: tickets.id }).from(tickets).where(eq(tickets.id, ticketId));
  return row !== undefined;
}
