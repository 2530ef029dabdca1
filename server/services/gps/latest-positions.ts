import { eq } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { technicianLatestPositions } from "../../db/schema";
import type { TechnicianPositionEvent } from "./gps-events";

type LatestRow = typeof technicianLatestPositions.$inferSelect;

export function positionEventOf(row: LatestRow): TechnicianPositionEvent {
  return {
    technicianId: row.technicianId,
    deviceId: row.deviceId,
    source: row.source,
    lat: row.lat,
    lng: row.lng,
    fixTime: row.fixTime.toISOString(),
    speedKmh: row.speedKmh,
    heading: row.heading,
    accuracyM: row.accuracyM,
  };
}

/** Every technician's latest position: the map's backfill after a (re)connection. */
export async function latestPositions(db: Queryable): Promise<TechnicianPositionEvent[]> {
  return (await db.select().from(technicianLatestPositions)).map(positionEventOf);
}

export async function latestPositionOf(db: Queryable, technicianId: number): Promise<TechnicianPositionEvent | null> {
  const [row] = await db
    .select()
    .from(technicianLatestPositions)
    .where(eq(technicianLatestPositions.technicianId, technicianId));
  return row ? positionEventOf(row) : null;
}
