/**
 * The record map's data, apart from the component so it is tested without a browser: the drive
 * as one GeoJSON line, and the view that frames it with the job's location.
 */
import type { Feature, LineString } from "geojson";
import type { JobRoute } from "@/lib/schemas/job-record";

export function routeLine(route: Pick<JobRoute, "line">): Feature<LineString> {
  return { type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: route.line } };
}

/** [[west, south], [east, north]] around the line and the destination. */
export function routeBounds(route: Pick<JobRoute, "line" | "destination">): [[number, number], [number, number]] {
  let [west, south, east, north] = [
    route.destination.lng,
    route.destination.lat,
    route.destination.lng,
    route.destination.lat,
  ];
  for (const [lng, lat] of route.line) {
    west = Math.min(west, lng);
    east = Math.max(east, lng);
    south = Math.min(south, lat);
    north = Math.max(north, lat);
  }
  return [
    [west, south],
    [east, north],
  ];
}

/** The markers' looks, shared by the map (a client component) and the page's legend. */
export const MARKER_CLASS = {
  start: "h-4 w-4 rounded-full border-[3px] border-white bg-emerald-600 shadow",
  end: "h-4 w-4 rounded-full border-[3px] border-white bg-slate-900 shadow",
  destination: "h-4 w-4 rotate-45 border-2 border-white bg-rose-600 shadow",
} as const;
