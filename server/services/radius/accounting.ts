/**
 * Accounting records from FreeRADIUS (start, interim, stop; a NAS's on and off), stored as
 * sessions. The NAS sends a record again until it hears back, so storing one is idempotent: the
 * row of (NAS, session id) only moves forward, whatever order the copies arrive in.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { AccountingRecord } from "../../../lib/domain/radius/accounting";
import { radiusSessions, serviceSubscriptions } from "../../db/schema";
import type { ServiceDeps } from "../deps";

export async function recordAccounting(
  deps: Pick<ServiceDeps, "db">,
  record: AccountingRecord,
): Promise<{ sessions: number }> {
  const { db } = deps;
  if (record.status === "nas-on" || record.status === "nas-off") {
    // The NAS restarted or is going down: none of its sessions survive it.
    const closed = await db
      .update(radiusSessions)
      .set({ stoppedAt: record.startedAt, terminateCause: "NAS-Reboot", updatedAt: sql`now()` })
      .where(and(eq(radiusSessions.nas, record.nas), isNull(radiusSessions.stoppedAt)))
      .returning({ id: radiusSessions.id });
    return { sessions: closed.length };
  }
  const subscriptionId =
    record.userName === null
      ? null
      : sql`(select ${serviceSubscriptions.id} from ${serviceSubscriptions} where ${serviceSubscriptions.radiusUsername} = ${record.userName})`;
  await db
    .insert(radiusSessions)
    .values({
      nas: record.nas,
      nasIp: record.nasIp,
      sessionId: record.sessionId,
      userName: record.userName,
      subscriptionId,
      framedIp: record.framedIp,
      bytesIn: record.bytesIn,
      bytesOut: record.bytesOut,
      startedAt: record.startedAt,
      stoppedAt: record.stoppedAt,
      terminateCause: record.terminateCause,
    })
    .onConflictDoUpdate({
      target: [radiusSessions.nas, radiusSessions.sessionId],
      set: {
        nasIp: sql`coalesce(excluded.nas_ip, ${radiusSessions.nasIp})`,
        userName: sql`coalesce(${radiusSessions.userName}, excluded.user_name)`,
        subscriptionId: sql`coalesce(${radiusSessions.subscriptionId}, excluded.subscription_id)`,
        framedIp: sql`coalesce(excluded.framed_ip, ${radiusSessions.framedIp})`,
        bytesIn: sql`greatest(${radiusSessions.bytesIn}, excluded.bytes_in)`,
        bytesOut: sql`greatest(${radiusSessions.bytesOut}, excluded.bytes_out)`,
        // A start carries the exact time; later records only estimate it from the session time.
        startedAt:
          record.status === "start"
            ? sql`excluded.started_at`
            : sql`least(${radiusSessions.startedAt}, excluded.started_at)`,
        stoppedAt: sql`coalesce(${radiusSessions.stoppedAt}, excluded.stopped_at)`,
        terminateCause: sql`coalesce(${radiusSessions.terminateCause}, excluded.terminate_cause)`,
        updatedAt: sql`now()`,
      },
    });
  return { sessions: 1 };
}
