/**
 * The technician's drive for a job's full record: the lead technician's fixes from the visit's
 * "en route" to its end (or to now while under way), thinned on the server so the page carries
 * a few hundred points whatever the tracker's rate. Read with the record, under its access.
 */
import { and, asc, eq, gte, isNotNull, lte } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { dispatchTechnicians, gpsDevices, gpsPositions } from "../../db/schema";
import { thinRoute } from "../../../lib/domain/gps/route-thinning";
import { enRouteMs, travelledMeters, visitLeg, type StatusChange } from "../../../lib/domain/gps/visit-route";
import type { JobRoute, JobRouteEmptyReason, RouteFix } from "../../../lib/schemas/job-record";

/** Points sent to the page: a small map shows no more. */
export const ROUTE_MAX_POINTS = 400;
/** Fixes read for one visit: a day at one fix a second, which bounds a job left en route for days. */
export const ROUTE_MAX_FIXES = 50_000;
/** Deviations under this are GPS noise at the map's scale. */
const THINNING_TOLERANCE_M = 5;
/** A parked phone's fixes wander about this much; smaller steps are not counted as driving. */
const JITTER_M = 15;

export interface JobRouteInput {
  technicianId: number | null;
  destination: { lat: number; lng: number };
  /** The job's status changes, oldest first. */
  history: readonly StatusChange[];
  /** Closes a visit the history left open (a status written without its audit row). */
  completedAt: Date | null;
  now: Date;
  /** Fixes are pruned after this many days; null when unknown (then a missing drive is not blamed on it). */
  gpsRetentionDays: number | null;
}

export async function jobRoute(db: Queryable, input: JobRouteInput): Promise<JobRoute> {
  const leg = visitLeg(input.history);
  const nothing = (empty: JobRouteEmptyReason, legView: JobRoute["leg"] = null): JobRoute => ({
    destination: input.destination,
    leg: legView,
    line: [],
    start: null,
    end: null,
    fixCount: 0,
    distanceM: 0,
    truncated: false,
    empty,
  });
  if (!leg) return nothing("never_en_route");
  if (leg.endedAt === null && input.completedAt && input.completedAt > leg.enRouteAt) leg.endedAt = input.completedAt;
  const legView: NonNullable<JobRoute["leg"]> = {
    enRouteAt: leg.enRouteAt.toISOString(),
    arrivedAt: leg.arrivedAt?.toISOString() ?? null,
    endedAt: leg.endedAt?.toISOString() ?? null,
    enRouteSeconds: Math.round(enRouteMs(leg, input.now) / 1000),
    underWay: leg.endedAt === null,
  };
  if (input.technicianId === null) return nothing("no_technician", legView);

  // The fix's technician is the one its device belonged to when it was received (gps_positions
  // keeps it), so a tracker handed to a colleague later does not rewrite this drive.
  const rows = await db
    .select({
      deviceId: gpsPositions.deviceId,
      lat: gpsPositions.lat,
      lng: gpsPositions.lng,
      fixTime: gpsPositions.fixTime,
    })
    .from(gpsPositions)
    .where(
      and(
        eq(gpsPositions.technicianId, input.technicianId),
        gte(gpsPositions.fixTime, leg.enRouteAt),
        lte(gpsPositions.fixTime, leg.endedAt ?? input.now),
      ),
    )
    .orderBy(asc(gpsPositions.fixTime), asc(gpsPositions.id))
    .limit(ROUTE_MAX_FIXES + 1);
  const truncated = rows.length > ROUTE_MAX_FIXES;
  const fixes = oneDevice(truncated ? rows.slice(0, ROUTE_MAX_FIXES) : rows);
  if (fixes.length === 0) return nothing(await whyNoFixes(db, input, leg.enRouteAt), legView);

  const fixOf = (row: (typeof fixes)[number]): RouteFix => ({
    lat: row.lat,
    lng: row.lng,
    at: row.fixTime.toISOString(),
  });
  return {
    destination: input.destination,
    leg: legView,
    line: thinRoute(fixes, { toleranceM: THINNING_TOLERANCE_M, maxPoints: ROUTE_MAX_POINTS }).map((p) => [
      p.lng,
      p.lat,
    ]),
    start: fixOf(fixes[0]!),
    end: fixOf(fixes.at(-1)!),
    fixCount: fixes.length,
    distanceM: Math.round(travelledMeters(fixes, JITTER_M)),
    truncated,
    empty: null,
  };
}

/**
 * The fixes of the device that reported most during the visit. A technician with a tracker in
 * the van and the phone sharing its position has two tracks a few metres apart; interleaved,
 * they would zigzag on the map and add a step at every switch to the distance.
 */
function oneDevice<T extends { deviceId: number }>(rows: T[]): T[] {
  const counts = new Map<number, number>();
  for (const row of rows) counts.set(row.deviceId, (counts.get(row.deviceId) ?? 0) + 1);
  if (counts.size <= 1) return rows;
  const [busiest] = [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best));
  return rows.filter((row) => row.deviceId === busiest);
}

async function whyNoFixes(db: Queryable, input: JobRouteInput, enRouteAt: Date): Promise<JobRouteEmptyReason> {
  if (!(await hasGpsDevice(db, input.technicianId!))) return "no_device";
  const prunedBefore =
    input.gpsRetentionDays === null ? null : input.now.getTime() - input.gpsRetentionDays * 86_400_000;
  return prunedBefore !== null && enRouteAt.getTime() < prunedBefore ? "expired" : "no_fixes";
}

/** A tracker or phone registered to the technician, or a tracker id waiting for its first fix. */
async function hasGpsDevice(db: Queryable, technicianId: number): Promise<boolean> {
  const [device] = await db
    .select({ id: gpsDevices.id })
    .from(gpsDevices)
    .where(eq(gpsDevices.technicianId, technicianId))
    .limit(1);
  if (device) return true;
  const [tracker] = await db
    .select({ id: dispatchTechnicians.id })
    .from(dispatchTechnicians)
    .where(and(eq(dispatchTechnicians.id, technicianId), isNotNull(dispatchTechnicians.gpsDeviceId)));
  return tracker !== undefined;
}
