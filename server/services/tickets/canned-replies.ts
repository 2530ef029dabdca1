/**
 * Canned replies: admins keep the list (both languages); agents pick one on a ticket and get
 * it rendered in the customer's language with the ticket's values (renderCannedReply).
 */
import { asc, eq, sql } from "drizzle-orm";
import type { Database, Queryable } from "../../db/client";
import { cannedReplies, customers } from "../../db/schema";
import type { Actor } from "../actor";
import { diffFields, recordAudit } from "../audit";
import { NotFoundError, ServiceError } from "../errors";
import {
  renderCannedReply,
  unknownVariables,
  type CannedVariable,
} from "../../../lib/domain/ticket-desk/canned-replies";
import { localDate } from "../../../lib/domain/quebec-dates";
import type { CannedReplySaveInput, CannedReplyView } from "../../../lib/schemas/ticket-desk";
import { customerBalance } from "../payments/customer-balance";
import { ticketFor } from "./ticket-access";
import { nextVisitOf } from "./ticket-workspace";

const view = {
  id: cannedReplies.id,
  title: cannedReplies.title,
  bodyFr: cannedReplies.bodyFr,
  bodyEn: cannedReplies.bodyEn,
  active: cannedReplies.active,
  updatedAt: cannedReplies.updatedAt,
};

export async function listCannedReplies(db: Queryable, options: { activeOnly: boolean }): Promise<CannedReplyView[]> {
  return db
    .select(view)
    .from(cannedReplies)
    .where(options.activeOnly ? eq(cannedReplies.active, true) : undefined)
    .orderBy(asc(cannedReplies.title), asc(cannedReplies.id));
}

export async function saveCannedReply(
  db: Database,
  actor: Actor,
  input: CannedReplySaveInput,
): Promise<{ id: number; created: boolean }> {
  for (const [field, body] of [
    ["bodyFr", input.bodyFr],
    ["bodyEn", input.bodyEn],
  ] as const) {
    const unknown = unknownVariables(body);
    if (unknown.length)
      throw new ServiceError("invalid", `Unknown variables: ${unknown.join(", ")}`, {
        key: "errors.ticketDesk.cannedVariables",
        params: { names: unknown.map((n) => `{${n}}`).join(", ") },
        field,
      });
  }
  const userId = actor.realm === "staff" ? actor.userId : null;
  return db.transaction(async (tx) => {
    if (input.id === undefined) {
      const [row] = await tx
        .insert(cannedReplies)
        .values({
          title: input.title,
          bodyFr: input.bodyFr,
          bodyEn: input.bodyEn,
          active: input.active,
          updatedById: userId,
        })
        .returning({ id: cannedReplies.id });
      await recordAudit(tx, actor, {
        action: "canned_reply.create",
        entityType: "canned_reply",
        entityId: row!.id,
        changes: { title: { from: null, to: input.title } },
      });
      return { id: row!.id, created: true };
    }
    const [before] = await tx.select().from(cannedReplies).where(eq(cannedReplies.id, input.id)).for("update");
    if (!before) throw new NotFoundError("canned reply", input.id);
    const patch = { title: input.title, bodyFr: input.bodyFr, bodyEn: input.bodyEn, active: input.active };
    const changes = diffFields(before, patch);
    if (Object.keys(changes).length === 0) return { id: before.id, created: false };
    await tx
      .update(cannedReplies)
      .set({ ...patch, updatedById: userId, updatedAt: sql`now()` })
      .where(eq(cannedReplies.id, before.id));
    await recordAudit(tx, actor, {
      action: "canned_reply.update",
      entityType: "canned_reply",
      entityId: before.id,
      changes,
    });
    return { id: before.id, created: false };
  });
}

/** The canned reply in the ticket customer's language, variables filled from the ticket. */
export async function renderCannedForTicket(
  db: Queryable,
  actor: Actor,
  input: { ticketId: number; cannedReplyId: number },
  now: Date = new Date(),
): Promise<{ text: string; missing: CannedVariable[]; language: "fr" | "en" }> {
  const ticket = await ticketFor(db, actor, input.ticketId);
  const [canned] = await db.select().from(cannedReplies).where(eq(cannedReplies.id, input.cannedReplyId));
  if (!canned || !canned.active) throw new NotFoundError("canned reply", input.cannedReplyId);
  let language: "fr" | "en" = "fr";
  let firstName: string | null = null;
  let balanceCents: number | null = null;
  let nextVisit: { start: Date; end: Date } | null = null;
  if (ticket.customerId !== null) {
    const [customer] = await db
      .select({ firstName: customers.firstName, language: customers.language })
      .from(customers)
      .where(eq(customers.id, ticket.customerId));
    language = customer?.language ?? "fr";
    firstName = customer?.firstName ?? null;
    balanceCents = (await customerBalance(db, ticket.customerId, localDate(now))).balanceCents;
    nextVisit = await nextVisitOf(db, ticket.customerId, now);
  }
  const template = language === "en" ? canned.bodyEn : canned.bodyFr;
  return { ...renderCannedReply(template, { firstName, nextVisit, balanceCents }, language), language };
}
