/**
 * What the dispatch map draws, as plain data built from the board and the live positions:
 * GeoJSON for the WebGL layers (job pins, routes, service locations) and marker descriptions
 * for the technicians. Pure, so the rules (what is stale, which route, whose selection) are
 * tested without a map.
 */
import type { Feature, FeatureCollection, LineString, Point } from "geojson";
import { remainingRoute } from "@/lib/domain/gps/board-eta";
import { isStale } from "@/lib/domain/gps/fix";
import type { BoardSnapshot, JobStatus } from "@/lib/domain/board/types";
import type { TechnicianPositionEvent } from "@/lib/schemas/gps";
import type { LocationPoints } from "@/lib/schemas/dispatch-map";
import type { RemotePresence } from "../board-session";
import { initials } from "../board-style";

/** Pin colours by status, the saturated tones of the board's block colours. */
export const STATUS_PIN_COLORS: Record<JobStatus, string> = {
  unassigned: "#d97706",
  assigned: "#0284c7",
  en_route: "#2563eb",
  on_site: "#7c3aed",
  done: "#059669",
  cancelled: "#94a3b8",
};

export interface JobPinProperties {
  id: string;
  status: JobStatus;
  color: string;
  priority: number;
  title: string;
  selected: boolean;
  /** The first other dispatcher who selected it, for an outline in their colour. */
  remoteColor: string | null;
}

export function jobPins(
  snapshot: BoardSnapshot,
  selection: readonly string[],
  others: readonly RemotePresence[],
): FeatureCollection<Point, JobPinProperties> {
  const remoteColorOf = new Map<string, string>();
  for (const person of others)
    for (const id of person.selection) if (!remoteColorOf.has(id)) remoteColorOf.set(id, person.user.color);
  const selected = new Set(selection);
  const features: Feature<Point, JobPinProperties>[] = Object.values(snapshot.jobs).map((job) => ({
    type: "Feature",
    id: Number(job.id) || undefined,
    geometry: { type: "Point", coordinates: [job.lng, job.lat] },
    properties: {
      id: job.id,
      status: job.status,
      color: STATUS_PIN_COLORS[job.status],
      priority: job.priority,
      title: job.title,
      selected: selected.has(job.id),
      remoteColor: remoteColorOf.get(job.id) ?? null,
    },
  }));
  // Selected pins last, so they are drawn on top of their neighbours.
  features.sort((a, b) => Number(a.properties.selected) - Number(b.properties.selected));
  return { type: "FeatureCollection", features };
}

export interface RouteProperties {
  techId: string;
  color: string;
  highlighted: boolean;
}

/**
 * Each technician's remaining route: from the live position (or from home when there is no
 * position yet) through the jobs still to do, in order. A technician with nothing left has none.
 */
export function routeLines(
  snapshot: BoardSnapshot,
  positions: Readonly<Record<string, TechnicianPositionEvent>>,
  selection: readonly string[],
): FeatureCollection<LineString, RouteProperties> {
  const selectedTechs = new Set(
    selection.map((id) => snapshot.jobs[id]?.techId).filter((id): id is string => Boolean(id)),
  );
  const features: Feature<LineString, RouteProperties>[] = [];
  for (const tech of Object.values(snapshot.techs)) {
    const route = remainingRoute(snapshot.jobs, tech.id);
    if (route.length === 0) continue;
    const position = positions[tech.id];
    const origin: [number, number] = position ? [position.lng, position.lat] : [tech.homeLng, tech.homeLat];
    features.push({
      type: "Feature",
      geometry: {
        type: "LineString",
        coordinates: [origin, ...route.map((job): [number, number] => [job.lng, job.lat])],
      },
      properties: { techId: tech.id, color: tech.color, highlighted: selectedTechs.has(tech.id) },
    });
  }
  return { type: "FeatureCollection", features };
}

export interface TechMarker {
  techId: string;
  name: string;
  initials: string;
  color: string;
  lat: number;
  lng: number;
  heading: number | null;
  speedKmh: number | null;
  fixTime: string;
  /** Seconds since the fix, never negative (a phone's clock may run slightly ahead). */
  ageSeconds: number;
  stale: boolean;
}

/** The board's technicians that have a position. Positions of technicians not on this day's board are left out. */
export function techMarkers(
  snapshot: BoardSnapshot,
  positions: Readonly<Record<string, TechnicianPositionEvent>>,
  now: Date,
): TechMarker[] {
  const markers: TechMarker[] = [];
  for (const tech of Object.values(snapshot.techs)) {
    const position = positions[tech.id];
    if (!position) continue;
    const fixTime = new Date(position.fixTime);
    markers.push({
      techId: tech.id,
      name: tech.name,
      initials: initials(tech.name),
      color: tech.color,
      lat: position.lat,
      lng: position.lng,
      heading: position.heading,
      speedKmh: position.speedKmh,
      fixTime: position.fixTime,
      ageSeconds: Math.max(0, Math.round((now.getTime() - fixTime.getTime()) / 1000)),
      stale: isStale(fixTime, now),
    });
  }
  return markers.sort((a, b) => a.name.localeCompare(b.name));
}

/** Service locations as GeoJSON for a clustered source; `s` is the index of the status. */
export function locationFeatures(points: LocationPoints): FeatureCollection<Point, { s: number }> {
  const features = new Array<Feature<Point, { s: number }>>(points.ids.length);
  for (let i = 0; i < points.ids.length; i++) {
    features[i] = {
      type: "Feature",
      id: points.ids[i],
      geometry: { type: "Point", coordinates: [points.coordinates[2 * i]!, points.coordinates[2 * i + 1]!] },
      properties: { s: points.statuses[i]! },
    };
  }
  return { type: "FeatureCollection", features };
}
