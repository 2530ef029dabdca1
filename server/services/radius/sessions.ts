/** What the office shows of a subscription's network access: its recent sessions and NAS notifications. */
import { desc, eq } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { radiusAccessChanges, radiusSessions } from "../../db/schema";

const SESSIONS_SHOWN = 20;
const CHANGES_SHOWN = 10;

export async function subscriptionNetworkAccess(db: Queryable, subscriptionId: number) {
  const [sessions, accessChanges] = await Promise.all([
    db
      .select({
        id: radiusSessions.id,
        nas: radiusSessions.nas,
        sessionId: radiusSessions.sessionId,
        framedIp: radiusSessions.framedIp,
        bytesIn: radiusSessions.bytesIn,
        bytesOut: radiusSessions.bytesOut,
        startedAt: radiusSessions.startedAt,
        stoppedAt: radiusSessions.stoppedAt,
        terminateCause: radiusSessions.terminateCause,
      })
      .from(radiusSessions)
      .where(eq(radiusSessions.subscriptionId, subscriptionId))
      .orderBy(desc(radiusSessions.startedAt), desc(radiusSessions.id))
      .limit(SESSIONS_SHOWN),
    db
      .select({
        id: radiusAccessChanges.id,
        reason: radiusAccessChanges.reason,
        state: radiusAccessChanges.state,
        attempts: radiusAccessChanges.attempts,
        sessions: radiusAccessChanges.results,
        lastError: radiusAccessChanges.lastError,
        createdAt: radiusAccessChanges.createdAt,
        doneAt: radiusAccessChanges.doneAt,
      })
      .from(radiusAccessChanges)
      .where(eq(radiusAccessChanges.subscriptionId, subscriptionId))
      .orderBy(desc(radiusAccessChanges.id))
      .limit(CHANGES_SHOWN),
  ]);
  return {
    sessions,
    accessChanges: accessChanges.map(({ sessions: results, ...c }) => ({
      ...c,
      acknowledged: results.filter((r) => r.outcome === "ack" || r.outcome === "nak").length,
      sessions: results.length,
    })),
  };
}
