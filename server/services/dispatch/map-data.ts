import { asc } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { serviceLocations } from "../../db/schema";
import type { ProcessEvents } from "../process-events";
import { latestPositions } from "../gps/latest-positions";

import { LOCATION_STATUS_CODES, type LocationPoints } from "../../../lib/schemas/dispatch-map";

export { LOCATION_STATUS_CODES, type LocationPoints, type LocationStatusName } from "../../../lib/schemas/dispatch-map";

const round5 = (n: number) => Math.round(n * 1e5) / 1e5;

export async function serviceLocationPoints(db: Queryable): Promise<LocationPoints> {
  const rows = await db
    .select({
      id: serviceLocations.id,
      lat: serviceLocations.latitude,
      lng: serviceLocations.longitude,
      status: serviceLocations.status,
    })
    .from(serviceLocations)
    .orderBy(asc(serviceLocations.id));
  const points: LocationPoints = {
    ids: new Array<number>(rows.length),
    coordinates: new Array<number>(rows.length * 2),
    statuses: new Array<number>(rows.length),
  };
  rows.forEach((row, i) => {
    points.ids[i] = row.id;
    points.coordinates[2 * i] = round5(row.lng);
    points.coordinates[2 * i + 1] = round5(row.lat);
    points.statuses[i] = LOCATION_STATUS_CODES.indexOf(row.status);
  });
  return points;
}

/** The map's backfill over HTTP: every latest position and the Traccar feed's state. */
export async function livePositions(deps: { db: Queryable; events: Pick<ProcessEvents, "traccarFeed"> }) {
  return {
    positions: await latestPositions(deps.db),
    feed: deps.events.traccarFeed.current(),
    at: new Date().toISOString(),
  };
}
