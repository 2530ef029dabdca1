/**
 * Stores accepted fixes and moves the technician's latest position.
 *
 * - Duplicates (same device, same fix time: a tracker resending after a lost answer) are
 *   ignored by the unique index, not by remembering anything.
 * - The latest position moves only to a strictly newer fix time (a conditional upsert), so
 *   out-of-order delivery never moves a marker backwards, whatever the arrival order.
 */
import { lt, sql } from "drizzle-orm";
import type { GpsFix } from "../../../lib/domain/gps/fix";
import type { Queryable } from "../../db/client";
import { gpsPositions, technicianLatestPositions } from "../../db/schema";
import type { GpsDevice } from "./devices";
import { gpsEvents, type TechnicianPositionEvent } from "./gps-events";

export interface RecordFixesResult {
  stored: number;
  duplicates: number;
  /** The new latest position when it moved, else null. */
  latest: TechnicianPositionEvent | null;
}

export async function recordFixes(db: Queryable, device: Pick<GpsDevice, "id" | "technicianId" | "source">, fixes: GpsFix[]): Promise<RecordFixesResult> {
  if (fixes.length === 0) return { stored: 0, duplicates: 0, latest: null };
  const inserted = await db.insert(gpsPositions).values(fixes.map((fix) => ({
    deviceId: device.id, technicianId: device.technicianId, fixTime: fix.fixTime, lat: fix.lat, lng: fix.lng,
    speedKmh: fix.speedKmh, heading: fix.heading, accuracyM: fix.accuracyM, altitudeM: fix.altitudeM, battery: fix.battery,
  }))).onConflictDoNothing({ target: [gpsPositions.deviceId, gpsPositions.fixTime] }).returning({ id: gpsPositions.id });

  let latest: TechnicianPositionEvent | null = null;
  if (device.technicianId !== null && inserted.length > 0) {
    const newest = fixes.reduce((a, b) => (b.fixTime.getTime() > a.fixTime.getTime() ? b : a));
    const [moved] = await db.insert(technicianLatestPositions).values({
      technicianId: device.technicianId, deviceId: device.id, source: device.source, fixTime: newest.fixTime,
      lat: newest.lat, lng: newest.lng, speedKmh: newest.speedKmh, heading: newest.heading, accuracyM: newest.accuracyM,
    }).onConflictDoUpdate({
      target: technicianLatestPositions.technicianId,
      set: {
        deviceId: device.id, source: device.source, fixTime: newest.fixTime, receivedAt: sql`now()`, lat: newest.lat, lng: newest.lng,
        speedKmh: newest.speedKmh, heading: newest.heading, accuracyM: newest.accuracyM,
      },
      setWhere: lt(technicianLatestPositions.fixTime, newest.fixTime),
    }).returning();
    if (moved) {
      latest = {
        technicianId: moved.technicianId, deviceId: moved.deviceId, source: moved.source, lat: moved.lat, lng: moved.lng,
        fixTime: moved.fixTime.toISOString(), speedKmh: moved.speedKmh, heading: moved.heading, accuracyM: moved.accuracyM,
      };
      gpsEvents.positionChanged(latest);
    }
  }
  return { stored: inserted.length, duplicates: fixes.length - inserted.length, latest };
}

/** Deletes positions older than the retention, in bounded batches so a large backlog never holds one long lock. */
export async function pruneGpsPositions(db: Queryable, olderThan: Date, batchSize = 10_000): Promise<number> {
  let deleted = 0;
  for (;;) {
    const result = await db.execute(sql`
      delete from gps_positions where id in (
        select id from gps_positions where fix_time < ${olderThan.toISOString()}::timestamptz limit ${batchSize}::int)`);
    const count = (result as unknown as { rowCount?: number; affectedRows?: number }).rowCount ?? (result as unknown as { affectedRows?: number }).affectedRows ?? 0;
    deleted += count;
    if (count < batchSize) return deleted;
  }
}
