/**
 * SLA policies (first-response and resolution targets by ticket type and priority), the due
 * times they give a ticket, and its first response. The arithmetic is lib/domain/sla's; this
 * file loads and stores.
 */
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { Database, Queryable } from "../../db/client";
import { slaPolicies, staffUsers, tickets } from "../../db/schema";
import {
  DEFAULT_SLA_POLICIES,
  policyFor,
  policyProblem,
  SLA_POLICY_KEYS,
  slaDueTimes,
  slaPriorityOf,
  slaState,
  type SlaPolicy,
  type SlaPriority,
  type SlaState,
} from "../../../lib/domain/sla/policy";
import type { TicketType } from "../../../lib/domain/tickets";
import type { Actor } from "../actor";
import { diffFields, recordAudit } from "../audit";
import { NotFoundError, RuleViolationError } from "../errors";

export interface SlaPolicyRow extends SlaPolicy {
  updatedAt: Date | null;
  updatedByName: string | null;
}

/** Every (type, priority) policy: the table's row, or the default where a row is missing. */
export async function listSlaPolicies(db: Queryable): Promise<SlaPolicyRow[]> {
  const found = await db
    .select({
      ticketType: slaPolicies.ticketType,
      priority: slaPolicies.priority,
      firstResponseMinutes: slaPolicies.firstResponseMinutes,
      resolutionMinutes: slaPolicies.resolutionMinutes,
      businessHours: slaPolicies.businessHours,
      updatedAt: slaPolicies.updatedAt,
      updatedByName: staffUsers.name,
    })
    .from(slaPolicies)
    .leftJoin(staffUsers, eq(staffUsers.id, slaPolicies.updatedById));
  return SLA_POLICY_KEYS.map(({ ticketType, priority }) => {
    const row = found.find((x) => x.ticketType === ticketType && x.priority === priority);
    return row ?? { ...policyFor(DEFAULT_SLA_POLICIES, ticketType, priority)!, updatedAt: null, updatedByName: null };
  });
}

export async function slaPolicyFor(db: Queryable, ticketType: TicketType, priority: SlaPriority): Promise<SlaPolicy> {
  const [row] = await db
    .select()
    .from(slaPolicies)
    .where(and(eq(slaPolicies.ticketType, ticketType), eq(slaPolicies.priority, priority)));
  return row ?? policyFor(DEFAULT_SLA_POLICIES, ticketType, priority)!;
}

/**
 * Changes one policy. Tickets already open keep the due times they were given: a target applies
 * from the next ticket opened (or retyped) on, so a queue's deadlines never jump under an agent.
 */
export async function updateSlaPolicy(
  db: Database,
  actor: Actor,
  input: Pick<SlaPolicy, "ticketType" | "priority" | "firstResponseMinutes" | "resolutionMinutes" | "businessHours">,
): Promise<SlaPolicyRow> {
  const problem = policyProblem(input);
  if (problem) throw new RuleViolationError(`SLA policy refused: ${problem}`, "resolutionMinutes", { key: problem });
  await db.transaction(async (tx) => {
    const before = await slaPolicyFor(tx, input.ticketType, input.priority);
    const values = {
      firstResponseMinutes: input.firstResponseMinutes,
      resolutionMinutes: input.resolutionMinutes,
      businessHours: input.businessHours,
    };
    const changes = diffFields(
      {
        firstResponseMinutes: before.firstResponseMinutes,
        resolutionMinutes: before.resolutionMinutes,
        businessHours: before.businessHours,
      },
      values,
    );
    if (Object.keys(changes).length === 0) return;
    await tx
      .insert(slaPolicies)
      .values({ ticketType: input.ticketType, priority: input.priority, ...values, updatedById: actor.userId })
      .onConflictDoUpdate({
        target: [slaPolicies.ticketType, slaPolicies.priority],
        set: { ...values, updatedAt: sql`now()`, updatedById: actor.userId },
      });
    await recordAudit(tx, actor, {
      action: "sla.policy.update",
      entityType: "sla_policy",
      entityId: `${input.ticketType}/${input.priority}`,
      changes,
    });
  });
  const all = await listSlaPolicies(db);
  return all.find((p) => p.ticketType === input.ticketType && p.priority === input.priority)!;
}

/**
 * Gives a ticket its due times from its type, importance and opening time under the current
 * policy. Call it in the transaction that creates a ticket, or that changes its type or its
 * important flag (the clock still starts when the ticket was opened).
 */
export async function applyTicketSla(
  tx: Queryable,
  ticketId: number,
): Promise<{ firstResponseDueAt: Date; resolutionDueAt: Date }> {
  const [ticket] = await tx
    .select({ type: tickets.type, important: tickets.important, createdAt: tickets.createdAt })
    .from(tickets)
    .where(eq(tickets.id, ticketId));
  if (!ticket) throw new NotFoundError("ticket", ticketId);
  const due = slaDueTimes(ticket.createdAt, await slaPolicyFor(tx, ticket.type, slaPriorityOf(ticket.important)));
  await tx
    .update(tickets)
    .set({ firstResponseDueAt: due.firstResponseDueAt, slaDueAt: due.resolutionDueAt })
    .where(eq(tickets.id, ticketId));
  return due;
}

/**
 * Records the first public staff reply of a ticket, at `at`, unless an earlier one is already
 * recorded (the database also records it when such a message is inserted, so the first wins
 * whoever writes it). Returns how the first-response clock ended.
 */
export async function recordFirstResponse(
  tx: Queryable,
  ticketId: number,
  at: Date,
): Promise<{ firstRespondedAt: Date; state: SlaState }> {
  await tx
    .update(tickets)
    .set({ firstRespondedAt: at })
    .where(and(eq(tickets.id, ticketId), or(isNull(tickets.firstRespondedAt), gt(tickets.firstRespondedAt, at))));
  const [row] = await tx
    .select({ due: tickets.firstResponseDueAt, at: tickets.firstRespondedAt })
    .from(tickets)
    .where(eq(tickets.id, ticketId));
  if (!row?.at) throw new NotFoundError("ticket", ticketId);
  return { firstRespondedAt: row.at, state: slaState(row.due, row.at, at) };
}
