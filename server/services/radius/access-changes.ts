/**
 * Telling the NAS that a subscriber's access changed (RFC 5176), so a suspension cuts the open
 * session at once and a reactivation lifts the walled garden at once: the NAS drops the session,
 * the subscriber's router reconnects, and FreeRADIUS asks the product again.
 *
 * The change is written in the transaction that makes it (`recordAccessChanges`), with a NOTIFY
 * that PostgreSQL delivers only once that transaction commits; the process's delivery
 * (access-change-delivery.ts) then claims due changes with SKIP LOCKED, so two instances never
 * send the same one, and keeps each session's outcome: a retry goes only to the sessions whose
 * NAS has not answered, and a session that answered is never sent that change again.
 */
import { and, eq, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { radiusAccessChanges, radiusSessions, serviceSubscriptions, type AccessChangeResult } from "../../db/schema";
import type { ServiceDeps } from "../deps";

export const ACCESS_CHANGES_CHANNEL = "radius_access_changes";
export type AccessChangeReason = "suspend" | "reactivate" | "cancel" | "plan_change";

/** Tries per change before it is left failed (a person sees it on the subscription page). */
export const MAX_ATTEMPTS = 5;
/** A change claimed longer ago than this was claimed by a process that died: it is due again. */
const STALE_CLAIM = "5 minutes";

/** Call inside the transaction that changes the subscriptions' RADIUS access. */
export async function recordAccessChanges(
  tx: Queryable,
  subscriptionIds: readonly number[],
  reason: AccessChangeReason,
): Promise<void> {
  if (subscriptionIds.length === 0) return;
  const subs = await tx
    .select({ id: serviceSubscriptions.id, userName: serviceSubscriptions.radiusUsername })
    .from(serviceSubscriptions)
    .where(and(inArray(serviceSubscriptions.id, [...subscriptionIds]), isNotNull(serviceSubscriptions.radiusUsername)));
  if (subs.length === 0) return;
  await tx
    .insert(radiusAccessChanges)
    .values(subs.map((s) => ({ subscriptionId: s.id, userName: s.userName!, reason })));
  await tx.execute(sql`select pg_notify(${ACCESS_CHANGES_CHANNEL}, '')`);
}

export interface DeliveryRound {
  claimed: number;
  done: number;
  retrying: number;
  failed: number;
  /** When the soonest change waiting for a retry is due; null when none waits. */
  nextDueAt: Date | null;
}

const backoffSeconds = (attempts: number) => Math.min(300, 5 * 2 ** (attempts - 1));

/** Sends every due change once; call again at `nextDueAt`. */
export async function deliverAccessChanges(
  deps: Pick<ServiceDeps, "db" | "config" | "radius">,
  now: Date = new Date(),
): Promise<DeliveryRound> {
  const { db } = deps;
  await db
    .update(radiusAccessChanges)
    .set({ state: "pending" })
    .where(
      and(
        eq(radiusAccessChanges.state, "sending"),
        lte(radiusAccessChanges.nextAttemptAt, sql`${now.toISOString()}::timestamptz - ${STALE_CLAIM}::interval`),
      ),
    );
  const claimed = await db
    .update(radiusAccessChanges)
    .set({ state: "sending", attempts: sql`${radiusAccessChanges.attempts} + 1`, nextAttemptAt: now })
    .where(
      inArray(
        radiusAccessChanges.id,
        db
          .select({ id: radiusAccessChanges.id })
          .from(radiusAccessChanges)
          .where(
            and(
              eq(radiusAccessChanges.state, "pending"),
              lte(radiusAccessChanges.nextAttemptAt, sql`${now.toISOString()}::timestamptz`),
            ),
          )
          .orderBy(radiusAccessChanges.id)
          .limit(50)
          .for("update", { skipLocked: true }),
      ),
    )
    .returning();
  const round: DeliveryRound = { claimed: claimed.length, done: 0, retrying: 0, failed: 0, nextDueAt: null };
  // Changes of one subscriber in order: a suspension's disconnect before the reactivation's.
  claimed.sort((a, b) => a.id - b.id);
  for (const change of claimed) {
    const results = await sendChange(deps, change.userName, change.results);
    const waiting = results.filter((r) => r.outcome === "timeout");
    const lost = results.filter((r) => r.outcome === "no_secret");
    const retry = waiting.length > 0 && change.attempts < MAX_ATTEMPTS;
    const nextAttemptAt = new Date(now.getTime() + backoffSeconds(change.attempts) * 1000);
    const state = retry ? "pending" : waiting.length > 0 || lost.length > 0 ? "failed" : "done";
    await db
      .update(radiusAccessChanges)
      .set({
        state,
        results,
        nextAttemptAt: retry ? nextAttemptAt : now,
        doneAt: retry ? null : now,
        lastError: [...waiting, ...lost].map((r) => `${r.nas}: ${r.error ?? r.outcome}`).join("; ") || null,
      })
      .where(eq(radiusAccessChanges.id, change.id));
    if (retry) {
      round.retrying++;
      if (!round.nextDueAt || nextAttemptAt < round.nextDueAt) round.nextDueAt = nextAttemptAt;
    } else if (state === "done") round.done++;
    else round.failed++;
  }
  return round;
}

/** One Disconnect-Request per open session of the subscriber not already answered for this change. */
async function sendChange(
  deps: Pick<ServiceDeps, "db" | "config" | "radius">,
  userName: string,
  earlier: AccessChangeResult[],
): Promise<AccessChangeResult[]> {
  const answered = new Map(earlier.filter((r) => r.outcome !== "timeout").map((r) => [r.session, r]));
  const open = await deps.db
    .select({
      id: radiusSessions.id,
      nas: radiusSessions.nas,
      nasIp: radiusSessions.nasIp,
      sessionId: radiusSessions.sessionId,
      framedIp: radiusSessions.framedIp,
    })
    .from(radiusSessions)
    .where(and(eq(radiusSessions.userName, userName), isNull(radiusSessions.stoppedAt)))
    .orderBy(radiusSessions.id);
  const results = new Map(answered);
  await Promise.all(
    open
      .filter((s) => !answered.has(s.id))
      .map(async (s): Promise<void> => {
        const client = deps.config.radius.nasClients.find((c) => c.address === s.nasIp);
        if (!client) {
          results.set(s.id, {
            session: s.id,
            nas: s.nas,
            outcome: "no_secret",
            error: "no RADIUS_NAS_CLIENTS entry for this NAS",
          });
          return;
        }
        const answer = await deps.radius
          .disconnect(client, { userName, acctSessionId: s.sessionId, nasIp: s.nasIp, framedIp: s.framedIp })
          .catch((error: unknown) => ({ outcome: "timeout" as const, error: String(error) }));
        results.set(s.id, {
          session: s.id,
          nas: s.nas,
          outcome: answer.outcome,
          ...(answer.outcome === "nak" && answer.errorCause !== null
            ? { error: `Error-Cause ${answer.errorCause}` }
            : {}),
          ...("error" in answer ? { error: answer.error } : {}),
        });
      }),
  );
  return [...results.values()].sort((a, b) => a.session - b.session);
}
