/**
 * Changes an agent makes to a ticket besides writing on it: status (lib/domain/ticket-desk's
 * flow; a parent is not resolved or closed while a child is open), type and importance,
 * assignment to a person and/or a team queue, and the parent/child hierarchy. Each change locks
 * the ticket, checks the rule, writes and audits in one transaction.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Database, type Queryable } from "../../db/client";
import { staffUsers, ticketMessages, tickets } from "../../db/schema";
import type { Actor } from "../actor";
import { diffFields, recordAudit } from "../audit";
import { NotFoundError, ServiceError } from "../errors";
import { can } from "../../../lib/domain/capabilities";
import {
  checkParentLink,
  checkStatusChange,
  OPEN_STATUSES,
  type Verdict,
} from "../../../lib/domain/ticket-desk/workflow";
import type { TicketStatus, TicketTeam, TicketType } from "../../../lib/domain/tickets";
import { ticketFor } from "./ticket-access";
import { applyTicketSla } from "./sla";

function refuse(verdict: Verdict, message: string): void {
  if (verdict.ok) return;
  throw new ServiceError(verdict.code === "openChildren" ? "conflict" : "invalid", message, {
    key: `errors.ticketDesk.${verdict.code}`,
    params: verdict.params,
  });
}

async function openChildrenOf(db: Queryable, ticketId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(tickets)
    .where(and(eq(tickets.parentId, ticketId), inArray(tickets.status, [...OPEN_STATUSES])));
  return row?.n ?? 0;
}

export async function setTicketStatus(
  db: Database,
  actor: Actor,
  input: { ticketId: number; status: TicketStatus },
): Promise<{ status: TicketStatus }> {
  return db.transaction(async (tx) => {
    const ticket = await ticketFor(tx, actor, input.ticketId, true);
    // Children are locked with their parent's count: a child reopened meanwhile is seen.
    const openChildren = await openChildrenOf(tx, ticket.id);
    refuse(
      checkStatusChange({ from: ticket.status, to: input.status, openChildren }),
      `Ticket ${ticket.id} cannot go from ${ticket.status} to ${input.status} (${openChildren} open children)`,
    );
    const closing = input.status === "closed" || input.status === "resolved";
    await tx
      .update(tickets)
      .set({ status: input.status, closedAt: closing ? sql`now()` : null, updatedAt: sql`now()` })
      .where(eq(tickets.id, ticket.id));
    await recordAudit(tx, actor, {
      action: "ticket.status",
      entityType: "ticket",
      entityId: ticket.id,
      changes: { status: { from: ticket.status, to: input.status } },
    });
    return { status: input.status };
  });
}

export async function updateTicket(
  db: Database,
  actor: Actor,
  input: { ticketId: number; type?: TicketType; important?: boolean },
): Promise<{ changed: boolean }> {
  return db.transaction(async (tx) => {
    const ticket = await ticketFor(tx, actor, input.ticketId, true);
    const changes = diffFields(ticket, { type: input.type, important: input.important });
    if (Object.keys(changes).length === 0) return { changed: false };
    await tx
      .update(tickets)
      .set({ type: input.type ?? ticket.type, important: input.important ?? ticket.important, updatedAt: sql`now()` })
      .where(eq(tickets.id, ticket.id));
    // A new type or importance is another SLA policy; the clock still starts at the opening.
    await applyTicketSla(tx, ticket.id);
    await recordAudit(tx, actor, { action: "ticket.update", entityType: "ticket", entityId: ticket.id, changes });
    return { changed: true };
  });
}

/** Staff who may take tickets: active, with a role that reads the queue. */
export async function ticketAssignees(db: Queryable): Promise<{ id: string; name: string; role: string }[]> {
  const rows = await db
    .select({ id: staffUsers.id, name: staffUsers.name, role: staffUsers.role })
    .from(staffUsers)
    .where(eq(staffUsers.active, true))
    .orderBy(staffUsers.name);
  return rows.filter((r) => can(r.role, "tickets.read"));
}

export async function assignTicket(
  db: Database,
  actor: Actor,
  input: { ticketId: number; assigneeId: string | null; team: TicketTeam | null },
): Promise<{ changed: boolean }> {
  return db.transaction(async (tx) => {
    const ticket = await ticketFor(tx, actor, input.ticketId, true);
    if (input.assigneeId !== null) {
      const [person] = await tx
        .select({ id: staffUsers.id, role: staffUsers.role, active: staffUsers.active })
        .from(staffUsers)
        .where(eq(staffUsers.id, input.assigneeId));
      if (!person) throw new NotFoundError("staff user", input.assigneeId);
      if (!person.active || !can(person.role, "tickets.read"))
        throw new ServiceError("invalid", `${input.assigneeId} cannot take tickets`, {
          key: "errors.ticketDesk.assignee",
          field: "assigneeId",
        });
    }
    const changes = diffFields(
      { assignedToId: ticket.assignedToId, assignedTeam: ticket.assignedTeam },
      { assignedToId: input.assigneeId, assignedTeam: input.team },
    );
    if (Object.keys(changes).length === 0) return { changed: false };
    await tx
      .update(tickets)
      .set({ assignedToId: input.assigneeId, assignedTeam: input.team, updatedAt: sql`now()` })
      .where(eq(tickets.id, ticket.id));
    await recordAudit(tx, actor, { action: "ticket.assign", entityType: "ticket", entityId: ticket.id, changes });
    return { changed: true };
  });
}

/** The parent's chain of parents, nearest first (bounded: the hierarchy is shallow, a loop is refused on link). */
async function ancestorsOf(db: Queryable, ticketId: number): Promise<number[]> {
  const rows = await rowsOf<{ id: number }>(
    db,
    sql`
    with recursive up(id, parent_id, depth) as (
      select id, parent_id, 0 from tickets where id = ${ticketId}
      union all
      select t.id, t.parent_id, up.depth + 1 from tickets t join up on t.id = up.parent_id where up.depth < 50
    )
    select id from up where depth > 0 order by depth`,
  );
  return rows.map((r) => Number(r.id));
}

export async function linkTicketParent(
  db: Database,
  actor: Actor,
  input: { ticketId: number; parentId: number },
): Promise<{ changed: boolean }> {
  return db.transaction(async (tx) => {
    const child = await ticketFor(tx, actor, input.ticketId, true);
    const parent = await ticketFor(tx, actor, input.parentId, true);
    refuse(
      checkParentLink({
        childId: child.id,
        parentId: parent.id,
        parentAncestors: await ancestorsOf(tx, parent.id),
        childCustomerId: child.customerId,
        parentCustomerId: parent.customerId,
      }),
      `Ticket ${child.id} cannot be placed under ${parent.id}`,
    );
    if (child.parentId === parent.id) return { changed: false };
    await tx
      .update(tickets)
      .set({ parentId: parent.id, updatedAt: sql`now()` })
      .where(eq(tickets.id, child.id));
    await recordAudit(tx, actor, {
      action: "ticket.link",
      entityType: "ticket",
      entityId: child.id,
      changes: { parentId: { from: child.parentId, to: parent.id } },
    });
    return { changed: true };
  });
}

export async function unlinkTicketParent(
  db: Database,
  actor: Actor,
  input: { ticketId: number },
): Promise<{ changed: boolean }> {
  return db.transaction(async (tx) => {
    const child = await ticketFor(tx, actor, input.ticketId, true);
    if (child.parentId === null) return { changed: false };
    await tx
      .update(tickets)
      .set({ parentId: null, updatedAt: sql`now()` })
      .where(eq(tickets.id, child.id));
    await recordAudit(tx, actor, {
      action: "ticket.unlink",
      entityType: "ticket",
      entityId: child.id,
      changes: { parentId: { from: child.parentId, to: null } },
    });
    return { changed: true };
  });
}

/**
 * A child ticket under `parentId`, for the same customer and location, with an internal note
 * pointing back to the parent. Written once per request key (a retried click finds it).
 */
export async function createChildTicket(
  db: Database,
  actor: Actor,
  input: { parentId: number; subject: string; type: TicketType; requestKey: string },
): Promise<{ ticketId: number; created: boolean }> {
  return db.transaction(async (tx) => {
    const parent = await ticketFor(tx, actor, input.parentId, true);
    const [earlier] = await tx
      .select({ ticketId: ticketMessages.ticketId })
      .from(ticketMessages)
      .innerJoin(tickets, eq(tickets.id, ticketMessages.ticketId))
      .where(and(eq(tickets.parentId, parent.id), eq(ticketMessages.requestKey, input.requestKey)));
    if (earlier) return { ticketId: earlier.ticketId, created: false };
    const [child] = await tx
      .insert(tickets)
      .values({
        parentId: parent.id,
        subject: input.subject,
        type: input.type,
        customerId: parent.customerId,
        locationId: parent.locationId,
        assignedTeam: parent.assignedTeam,
      })
      .returning({ id: tickets.id });
    await applyTicketSla(tx, child!.id);
    await tx.insert(ticketMessages).values({
      ticketId: child!.id,
      channel: "note",
      authorKind: "staff",
      authorStaffId: actor.realm === "staff" ? actor.userId : null,
      authorName: actor.name,
      body: `#${parent.id} — ${parent.subject}`,
      internal: true,
      requestKey: input.requestKey,
    });
    await recordAudit(tx, actor, {
      action: "ticket.create_child",
      entityType: "ticket",
      entityId: child!.id,
      changes: { parentId: { from: null, to: parent.id }, subject: { from: null, to: input.subject } },
    });
    return { ticketId: child!.id, created: true };
  });
}
