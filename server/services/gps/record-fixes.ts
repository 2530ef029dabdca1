/**
 * Stores accepted fixes and moves the technician's latest position.
 *
 * - Duplicates (same device, same fix time: a tracker resending after a lost answer) are
 *   ignored by the unique index, not by remembering anything.
 * - The latest position moves only to a strictly newer fix time (a conditional upsert), so
 *   out-of-order delivery never moves a marker backwards, whatever the arrival order.
 */
import { sql, type SQL } from "drizzle-orm";
import type { GpsFix } from "../../../lib/domain/gps/fix";
import { rowsOf, type Queryable } from "../../db/client";
import type { technicianLatestPositions } from "../../db/schema";
import type { GpsDevice } from "./devices";
import type { TechnicianPositionEvent } from "./gps-events";
import type { ProcessEvents } from "../process-events";
import { positionEventOf } from "./latest-positions";

type Device = Pick<GpsDevice, "id" | "technicianId" | "source">;
type LatestRow = typeof technicianLatestPositions.$inferSelect;

export const fixKey = (deviceId: number, fixTime: Date | number) =>
  `${deviceId}|${typeof fixTime === "number" ? fixTime : fixTime.getTime()}`;

/**
 * Writes fixes of any devices in one statement, one round trip: the positions (duplicates
 * skipped), then each technician's newest stored fix upserted into the latest positions where
 * it is newer than the table's. The fixes travel as one array per column, so the statement's
 * text is the same whatever the batch size. Returns which fixes were stored (by fixKey) and,
 * with `moved`, the latest rows that moved.
 */
export async function writeFixes(
  db: Queryable,
  items: Array<{ device: Device; fix: GpsFix }>,
  options: { moved?: boolean } = {},
): Promise<{ stored: Set<string>; moved: LatestRow[] }> {
  if (items.length === 0) return { stored: new Set(), moved: [] };
  const column = <T>(value: (item: { device: Device; fix: GpsFix }) => T) => sql.param(items.map(value));
  const rows = await rowsOf<WrittenRow>(
    db,
    sql`
    with input as (
      select * from unnest(
        ${column((i) => i.device.id)}::int4[], ${column((i) => i.device.technicianId)}::int4[], ${column((i) => i.fix.fixTime.getTime())}::float8[],
        ${column((i) => i.fix.lat)}::float8[], ${column((i) => i.fix.lng)}::float8[], ${column((i) => i.fix.speedKmh)}::float4[],
        ${column((i) => i.fix.heading)}::float4[], ${column((i) => i.fix.accuracyM)}::float4[], ${column((i) => i.fix.altitudeM)}::float4[],
        ${column((i) => i.fix.battery)}::float4[]
      ) as t(device_id, technician_id, fix_ms, lat, lng, speed_kmh, heading, accuracy_m, altitude_m, battery)
    ), inserted as (
      insert into gps_positions (device_id, technician_id, fix_time, lat, lng, speed_kmh, heading, accuracy_m, altitude_m, battery)
      select device_id, technician_id, ${EPOCH_MS_TO_TIMESTAMP}, lat, lng, speed_kmh, heading, accuracy_m, altitude_m, battery from input
      on conflict (device_id, fix_time) do nothing
      returning device_id, technician_id, fix_time, lat, lng, speed_kmh, heading, accuracy_m
    ), newest as (
      -- One row per technician: an upsert may not touch the same row twice.
      select distinct on (technician_id) * from inserted where technician_id is not null order by technician_id, fix_time desc
    ), moved as (
      insert into technician_latest_positions (technician_id, device_id, source, fix_time, lat, lng, speed_kmh, heading, accuracy_m)
      select n.technician_id, n.device_id, d.source, n.fix_time, n.lat, n.lng, n.speed_kmh, n.heading, n.accuracy_m
      from newest n join gps_devices d on d.id = n.device_id
      on conflict (technician_id) do update set
        device_id = excluded.device_id, source = excluded.source, fix_time = excluded.fix_time, received_at = now(),
        lat = excluded.lat, lng = excluded.lng, speed_kmh = excluded.speed_kmh, heading = excluded.heading, accuracy_m = excluded.accuracy_m
      where technician_latest_positions.fix_time < excluded.fix_time
      returning *
    )
    ${
      options.moved
        ? sql`
      select i.device_id, ${epochMs(sql`i.fix_time`)} as fix_ms, m.technician_id as moved_technician_id, m.source as moved_source,
        ${epochMs(sql`m.received_at`)} as moved_received_ms, m.lat as moved_lat, m.lng as moved_lng, m.speed_kmh as moved_speed_kmh,
        m.heading as moved_heading, m.accuracy_m as moved_accuracy_m
      from inserted i left join moved m on m.technician_id = i.technician_id and m.device_id = i.device_id and m.fix_time = i.fix_time`
        : sql`
      select device_id, ${epochMs(sql`fix_time`)} as fix_ms from inserted`
    }`,
  );
  const stored = new Set<string>();
  const moved: LatestRow[] = [];
  for (const row of rows) {
    const fixMs = Number(row.fix_ms);
    stored.add(fixKey(row.device_id, fixMs));
    if (row.moved_technician_id == null) continue;
    moved.push({
      technicianId: row.moved_technician_id,
      deviceId: row.device_id,
      source: row.moved_source!,
      fixTime: new Date(fixMs),
      receivedAt: new Date(Number(row.moved_received_ms)),
      lat: row.moved_lat!,
      lng: row.moved_lng!,
      speedKmh: row.moved_speed_kmh ?? null,
      heading: row.moved_heading ?? null,
      accuracyM: row.moved_accuracy_m ?? null,
    });
  }
  return { stored, moved };
}

/** Epoch milliseconds travel as float8: exact for whole milliseconds, and no date parsing on either side. */
const EPOCH_MS_TO_TIMESTAMP = sql.raw(`'epoch'::timestamptz + fix_ms * interval '1 millisecond'`);
const epochMs = (column: SQL) => sql`(extract(epoch from ${column}) * 1000)::float8`;

interface WrittenRow {
  device_id: number;
  fix_ms: number | string;
  moved_technician_id?: number | null;
  moved_source?: LatestRow["source"];
  moved_received_ms?: number | string;
  moved_lat?: number;
  moved_lng?: number;
  moved_speed_kmh?: number | null;
  moved_heading?: number | null;
  moved_accuracy_m?: number | null;
}

export interface RecordFixesResult {
  stored: number;
  duplicates: number;
  /** The new latest position when it moved, else null. */
  latest: TechnicianPositionEvent | null;
}

/** Stores one device's fixes now and announces the latest position if it moved (Traccar, browsers). */
/** `db` may be a transaction; `events` hears of a technician's newer position. */
export async function recordFixes(
  deps: { db: Queryable; events: Pick<ProcessEvents, "gps"> },
  device: Device,
  fixes: GpsFix[],
): Promise<RecordFixesResult> {
  const { db } = deps;
  const { stored, moved } = await writeFixes(
    db,
    fixes.map((fix) => ({ device, fix })),
    { moved: true },
  );
  const [row] = moved;
  const latest = row ? positionEventOf(row) : null;
  if (latest) deps.events.gps.positionChanged(latest);
  return { stored: stored.size, duplicates: fixes.length - stored.size, latest };
}

/** Deletes positions older than the retention, in bounded batches so a large backlog never holds one long lock. */
export async function pruneGpsPositions(db: Queryable, olderThan: Date, batchSize = 10_000): Promise<number> {
  let deleted = 0;
  for (;;) {
    const result = await db.execute(sql`
      delete from gps_positions where id in (
        select id from gps_positions where fix_time < ${olderThan.toISOString()}::timestamptz limit ${batchSize}::int)`);
    const count =
      (result as { rowCount?: number; affectedRows?: number }).rowCount ??
      (result as { affectedRows?: number }).affectedRows ??
      0;
    deleted += count;
    if (count < batchSize) return deleted;
  }
}
