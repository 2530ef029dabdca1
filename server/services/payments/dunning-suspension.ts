/**
 * Suspension for non-payment and its undoing. Only subscriptions dunning suspended
 * (suspended_for_dunning) are ever reactivated here: a suspension the customer asked for, or
 * one staff made, stays until staff resume it. RADIUS access follows the subscription
 * (radius_status), which FreeRADIUS reads through /api/radius/authorize; each change is also
 * recorded for the NAS (recordAccessChanges), which hears it as soon as the transaction commits.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { customers, serviceSubscriptions } from "../../db/schema";
import { localDate } from "../../../lib/domain/quebec-dates";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { balancesOf } from "./customer-balance";
import { recordAccessChanges } from "../radius/access-changes";

/**
 * Both suspension and reactivation lock the customer row first, so a payment committed while a
 * dunning run decides is either seen by the run (no suspension) or sees the suspension (and
 * lifts it): never a paid customer left suspended.
 */
async function lockCustomer(tx: Queryable, customerId: number): Promise<void> {
  await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId)).for("update");
}

/** Suspends the customer's active subscriptions if still overdue; returns the ids it suspended (none when already done). */
export async function suspendForDunning(
  tx: Queryable,
  actor: Actor,
  customerId: number,
  today: string,
  invoiceId: number,
): Promise<number[]> {
  await lockCustomer(tx, customerId);
  const balance = (await balancesOf(tx, today, [customerId])).get(customerId);
  if (!balance || balance.overdueCents <= 0) return [];
  const active = await tx
    .select({ id: serviceSubscriptions.id })
    .from(serviceSubscriptions)
    .where(and(eq(serviceSubscriptions.customerId, customerId), eq(serviceSubscriptions.status, "active")))
    .orderBy(serviceSubscriptions.id)
    .for("update");
  const suspended: number[] = [];
  for (const { id } of active) {
    const [row] = await tx
      .update(serviceSubscriptions)
      .set({
        status: "suspended",
        radiusStatus: "suspended",
        suspendedForDunning: true,
        suspendedSince: today,
        updatedAt: sql`now()`,
      })
      .where(and(eq(serviceSubscriptions.id, id), eq(serviceSubscriptions.status, "active")))
      .returning({ id: serviceSubscriptions.id });
    if (!row) continue;
    suspended.push(row.id);
    await recordAudit(tx, actor, {
      action: "subscription.dunning_suspend",
      entityType: "subscription",
      entityId: row.id,
      changes: {
        status: { from: "active", to: "suspended" },
        radiusStatus: { from: "enabled", to: "suspended" },
        overdueInvoiceId: { from: null, to: invoiceId },
      },
    });
  }
  await recordAccessChanges(tx, suspended, "suspend");
  return suspended;
}

/**
 * Reactivates what dunning suspended once nothing is overdue any more (credits count). Called
 * at the end of recordPayment / allocatePayment, inside their transaction, and by each dunning run.
 */
export async function reactivateIfSettled(
  tx: Queryable,
  actor: Actor,
  customerId: number,
  today: string = localDate(new Date()),
): Promise<number[]> {
  await lockCustomer(tx, customerId);
  const held = await tx
    .select({
      id: serviceSubscriptions.id,
      radiusStatus: serviceSubscriptions.radiusStatus,
      suspendedSince: serviceSubscriptions.suspendedSince,
    })
    .from(serviceSubscriptions)
    .where(
      and(
        eq(serviceSubscriptions.customerId, customerId),
        eq(serviceSubscriptions.status, "suspended"),
        eq(serviceSubscriptions.suspendedForDunning, true),
      ),
    )
    .orderBy(serviceSubscriptions.id)
    .for("update");
  if (held.length === 0) return [];
  const balance = (await balancesOf(tx, today, [customerId])).get(customerId);
  if (balance && balance.overdueCents > 0) return [];
  const reactivated: number[] = [];
  for (const sub of held) {
    await tx
      .update(serviceSubscriptions)
      .set({
        status: "active",
        radiusStatus: "enabled",
        suspendedForDunning: false,
        suspendedSince: null,
        updatedAt: sql`now()`,
      })
      .where(eq(serviceSubscriptions.id, sub.id));
    reactivated.push(sub.id);
    await recordAudit(tx, actor, {
      action: "subscription.dunning_reactivate",
      entityType: "subscription",
      entityId: sub.id,
      changes: {
        status: { from: "suspended", to: "active" },
        radiusStatus: { from: sub.radiusStatus, to: "enabled" },
        suspendedSince: { from: sub.suspendedSince, to: null },
      },
    });
  }
  await recordAccessChanges(tx, reactivated, "reactivate");
  return reactivated;
}
