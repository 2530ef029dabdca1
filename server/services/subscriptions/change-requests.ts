/**
 * The office's side of the portal's change requests: the list to answer, and the answer.
 * Approving applies the change through applySubscriptionChange with the request's key as its
 * request id, inside the transaction that holds the request's row: two clerks approving at
 * once, or one clicking twice, apply it once. A change the rules now refuse (a billing run
 * moved the dates, the plan was retired) throws and leaves the request pending.
 */
import { desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { rowsOf, type Database, type Queryable } from "../../db/client";
import { customers, items, serviceSubscriptions, subscriptionChangeRequests } from "../../db/schema";
import type { ChangeRequestDecisionInput, ChangeRequestListInput } from "../../../lib/schemas/portal-services";
import type { SubscriptionChange } from "../../../lib/schemas/subscriptions";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { NotFoundError, ServiceError } from "../errors";
import { applySubscriptionChange, type ChangeOptions } from "./apply-change";

const target = alias(items, "target_item");

export async function listChangeRequests(db: Queryable, input: ChangeRequestListInput) {
  const r = subscriptionChangeRequests;
  return db
    .select({
      id: r.id,
      status: r.status,
      action: r.action,
      changeDate: r.changeDate,
      createdAt: r.createdAt,
      decidedAt: r.decidedAt,
      refusalReason: r.refusalReason,
      changeId: r.changeId,
      preview: r.preview,
      subscriptionId: r.subscriptionId,
      customer: { id: customers.id, displayName: customers.displayName, language: customers.language },
      plan: { id: items.id, nameFr: items.nameFr, nameEn: items.nameEn, priceCents: items.priceCents },
      target: { id: target.id, nameFr: target.nameFr, nameEn: target.nameEn, priceCents: target.priceCents },
    })
    .from(r)
    .innerJoin(customers, eq(customers.id, r.customerId))
    .innerJoin(serviceSubscriptions, eq(serviceSubscriptions.id, r.subscriptionId))
    .innerJoin(items, eq(items.id, serviceSubscriptions.itemId))
    .leftJoin(target, eq(target.id, r.itemId))
    .where(eq(r.status, input.status))
    .orderBy(input.status === "pending" ? r.createdAt : desc(r.decidedAt), r.id)
    .limit(input.limit);
}

type RequestRow = typeof subscriptionChangeRequests.$inferSelect;

async function lockRequest(tx: Queryable, requestId: number): Promise<RequestRow> {
  const [locked] = await rowsOf<{ id: number }>(
    tx,
    sql`select id from subscription_change_requests where id = ${requestId} for update`,
  );
  if (!locked) throw new NotFoundError("change request", requestId);
  const [row] = await tx.select().from(subscriptionChangeRequests).where(eq(subscriptionChangeRequests.id, requestId));
  return row!;
}

function officeChange(row: RequestRow): SubscriptionChange {
  return row.action === "changePlan"
    ? { action: "changePlan", subscriptionId: row.subscriptionId, itemId: row.itemId!, date: row.changeDate }
    : { action: "cancel", subscriptionId: row.subscriptionId, date: row.changeDate, mode: "period-end" };
}

export interface ChangeRequestDecision {
  requestId: number;
  status: "approved" | "refused";
  changeId: number | null;
  /** True when this decision was already made: nothing new was written. */
  replayed: boolean;
}

export async function decideChangeRequest(
  db: Database,
  actor: Actor,
  input: ChangeRequestDecisionInput,
  options: ChangeOptions,
): Promise<ChangeRequestDecision> {
  const wanted = input.decision === "approve" ? "approved" : "refused";
  return db.transaction(async (tx) => {
    const row = await lockRequest(tx, input.requestId);
    if (row.status !== "pending") {
      if (row.status === wanted) return { requestId: row.id, status: wanted, changeId: row.changeId, replayed: true };
      throw new ServiceError("conflict", `Change request ${row.id} was already ${row.status}`, {
        key: "errors.changeRequest.alreadyDecided",
        params: { status: row.status },
      });
    }
    let changeId: number | null = null;
    if (input.decision === "approve") {
      // Its transaction nests as a savepoint: a refusal by the rules throws, and the request stays pending.
      const applied = await applySubscriptionChange(
        tx,
        { change: officeChange(row), requestId: row.requestKey },
        { ...options, actor },
      );
      changeId = applied.changeId;
    }
    await tx
      .update(subscriptionChangeRequests)
      .set({
        status: wanted,
        decidedBy: actor.userId,
        decidedAt: sql`now()`,
        changeId,
        refusalReason: input.decision === "refuse" ? input.reason : null,
      })
      .where(eq(subscriptionChangeRequests.id, row.id));
    await recordAudit(tx, actor, {
      action: `subscription.request.${wanted}`,
      entityType: "subscription",
      entityId: row.subscriptionId,
      changes: {
        request: { from: "pending", to: wanted },
        ...(changeId ? { changeId: { from: null, to: changeId } } : {}),
        ...(input.decision === "refuse" ? { reason: { from: null, to: input.reason } } : {}),
      },
    });
    return { requestId: row.id, status: wanted, changeId, replayed: false };
  });
}
