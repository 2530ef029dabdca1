/**
 * Stores accepted fixes and moves the technician's latest position.
 *
 * - Duplicates (same device, same fix time: a tracker resending after a lost answer) are
 *   ignored by the unique index, not by remembering anything.
 * - The latest position moves only to a strictly newer fix time (a conditional upsert), so
 *   out-of-order delivery never moves a marker backwards, whatever the arrival order.
 */
import { sql } from "drizzle-orm";
import type { GpsFix } from "../../../lib/domain/gps/fix";
import type { Queryable } from "../../db/client";
import { gpsPositions, technicianLatestPositions } from "../../db/schema";
import type { GpsDevice } from "./devices";
import { gpsEvents, type TechnicianPositionEvent } from "./gps-events";
import { positionEventOf } from "./latest-positions";

type Device = Pick<GpsDevice, "id" | "technicianId" | "source">;
type LatestRow = typeof technicianLatestPositions.$inferSelect;

export const fixKey = (deviceId: number, fixTime: Date) => `${deviceId}|${fixTime.getTime()}`;

/**
 * Writes fixes of any devices in two statements: one insert of the positions (duplicates
 * skipped) and one upsert of each technician's newest stored fix, kept only where it is newer
 * than the table's. Returns which fixes were stored (by fixKey) and the latest rows that moved.
 */
export async function writeFixes(db: Queryable, items: Array<{ device: Device; fix: GpsFix }>): Promise<{ stored: Set<string>; moved: LatestRow[] }> {
  if (items.length === 0) return { stored: new Set(), moved: [] };
  const inserted = await db.insert(gpsPositions).values(items.map(({ device, fix }) => ({
    deviceId: device.id, technicianId: device.technicianId, fixTime: fix.fixTime, lat: fix.lat, lng: fix.lng,
    speedKmh: fix.speedKmh, heading: fix.heading, accuracyM: fix.accuracyM, altitudeM: fix.altitudeM, battery: fix.battery,
  }))).onConflictDoNothing({ target: [gpsPositions.deviceId, gpsPositions.fixTime] })
    .returning({ deviceId: gpsPositions.deviceId, fixTime: gpsPositions.fixTime });
  const stored = new Set(inserted.map((row) => fixKey(row.deviceId, row.fixTime)));
  // One row per technician: an upsert may not touch the same row twice.
  const newest = new Map<number, { device: Device; fix: GpsFix }>();
  for (const item of items) {
    const technicianId = item.device.technicianId;
    if (technicianId === null || !stored.has(fixKey(item.device.id, item.fix.fixTime))) continue;
    const current = newest.get(technicianId);
    if (!current || item.fix.fixTime > current.fix.fixTime) newest.set(technicianId, item);
  }
  if (newest.size === 0) return { stored, moved: [] };
  const moved = await db.insert(technicianLatestPositions).values([...newest].map(([technicianId, { device, fix }]) => ({
    technicianId, deviceId: device.id, source: device.source, fixTime: fix.fixTime, lat: fix.lat, lng: fix.lng,
    speedKmh: fix.speedKmh, heading: fix.heading, accuracyM: fix.accuracyM,
  }))).onConflictDoUpdate({
    target: technicianLatestPositions.technicianId,
    set: {
      deviceId: sql`excluded.device_id`, source: sql`excluded.source`, fixTime: sql`excluded.fix_time`, receivedAt: sql`now()`,
      lat: sql`excluded.lat`, lng: sql`excluded.lng`, speedKmh: sql`excluded.speed_kmh`, heading: sql`excluded.heading`, accuracyM: sql`excluded.accuracy_m`,
    },
    setWhere: sql`${technicianLatestPositions.fixTime} < excluded.fix_time`,
  }).returning();
  return { stored, moved };
}

export interface RecordFixesResult {
  stored: number;
  duplicates: number;
  /** The new latest position when it moved, else null. */
  latest: TechnicianPositionEvent | null;
}

/** Stores one device's fixes now and announces the latest position if it moved (Traccar, browsers). */
export async function recordFixes(db: Queryable, device: Device, fixes: GpsFix[]): Promise<RecordFixesResult> {
  const { stored, moved } = await writeFixes(db, fixes.map((fix) => ({ device, fix })));
  const [row] = moved;
  const latest = row ? positionEventOf(row) : null;
  if (latest) gpsEvents.positionChanged(latest);
  return { stored: stored.size, duplicates: fixes.length - stored.size, latest };
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
