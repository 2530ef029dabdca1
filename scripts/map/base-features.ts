/**
 * Assembles the base map's one FeatureCollection from already-loaded inputs. Pure: the
 * downloading and file writing live in build-base-map.ts.
 *
 * Every feature carries `layer` (see BASE_MAP_FEATURE_LAYERS) so one GeoJSON source feeds all
 * style layers: one request, one geojson-vt index, and the style filters on the property.
 */
import type { Feature, FeatureCollection, Geometry, MultiLineString, MultiPolygon, Polygon } from "geojson";
import { feature, mesh } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { BASE_MAP_DATA_BOUNDS, SERVICE_AREA_BOUNDS, type BaseMapFeatureLayer } from "../../lib/map/base-style";
import type { Town } from "../../server/seed/names";
import {
  bboxOf,
  bboxesIntersect,
  chaikinRing,
  clipLine,
  clipPolygon,
  roundLine,
  roundRing,
  type Bbox,
  type Position,
} from "./geometry";
import type { Road } from "./roads";

export const DATA_BBOX: Bbox = [
  BASE_MAP_DATA_BOUNDS[0][0],
  BASE_MAP_DATA_BOUNDS[0][1],
  BASE_MAP_DATA_BOUNDS[1][0],
  BASE_MAP_DATA_BOUNDS[1][1],
];

/** world-atlas ids are ISO 3166-1 numeric codes. */
const COUNTRIES: Record<string, "CA" | "US"> = { "124": "CA", "840": "US" };

type Props = { layer: BaseMapFeatureLayer } & Record<string, string | number | boolean>;
type BaseFeature = Feature<Geometry, Props>;

function polygonsOf(geometry: Geometry | null): Position[][][] {
  if (!geometry) return [];
  if (geometry.type === "Polygon") return [geometry.coordinates as Position[][]];
  if (geometry.type === "MultiPolygon") return geometry.coordinates as Position[][][];
  if (geometry.type === "GeometryCollection") return geometry.geometries.flatMap(polygonsOf);
  return [];
}

function roundPolygon(rings: Position[][]): Position[][] | null {
  const out: Position[][] = [];
  for (const [i, ring] of rings.entries()) {
    const r = roundRing(ring);
    if (r) out.push(r);
    else if (i === 0) return null;
  }
  return out;
}

/** Every lake touching this box is kept: the service area and a margin of about 25 km. */
export const LAKE_DETAIL_BBOX: Bbox = [
  SERVICE_AREA_BOUNDS[0][0] - 0.3,
  SERVICE_AREA_BOUNDS[0][1] - 0.3,
  SERVICE_AREA_BOUNDS[1][0] + 0.3,
  SERVICE_AREA_BOUNDS[1][1] + 0.3,
];
/** Farther out, ponds would triple the file for water nobody dispatches to; big lakes stay. */
export const LAKE_MIN_AREA_KM2_ELSEWHERE = 5;

/** Area of a ring in km², on a local flat approximation (fine for one lake). */
export function ringAreaKm2(ring: readonly (readonly number[])[]): number {
  if (ring.length < 3) return 0;
  const kmPerDegLat = 111.2;
  const kmPerDegLng = kmPerDegLat * Math.cos((ring[0]![1]! * Math.PI) / 180);
  let twice = 0;
  for (let i = 0; i + 1 < ring.length; i++) twice += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return (Math.abs(twice) / 2) * kmPerDegLat * kmPerDegLng;
}

/** Lakes smaller than this only show from zoom 9, where they stop looking like confetti. */
export const LAKE_SMALL_KM2 = 1;

/**
 * Lakes from @geo-maps/earth-lakes-1m: every polygon touching `near`, plus the big ones
 * elsewhere in `box`. Kept whole (clipped only to `box`, the edge of all data), so Lake
 * Champlain and Memphrémagog keep their shores south of the border; corners cut once (see
 * chaikinRing). Two features, `size`
 * "large" and "small", so the style can hold the small ones back at low zoom.
 */
export function lakeFeatures(lakes: Geometry, box: Bbox = DATA_BBOX, near: Bbox = LAKE_DETAIL_BBOX): BaseFeature[] {
  const bySize: Record<"large" | "small", Position[][][]> = { large: [], small: [] };
  for (const polygon of polygonsOf(lakes)) {
    const outer = polygon[0];
    if (!outer) continue;
    const b = bboxOf(outer);
    if (!bboxesIntersect(b, box)) continue;
    const area = ringAreaKm2(outer);
    if (!bboxesIntersect(b, near) && area < LAKE_MIN_AREA_KM2_ELSEWHERE) continue;
    // Clipped only where a lake crosses the data's edge, so no water spills onto the "no data" grey.
    const clipped = clipPolygon(polygon.map(chaikinRing), box);
    const rounded = clipped && roundPolygon(clipped);
    if (rounded) bySize[area >= LAKE_SMALL_KM2 ? "large" : "small"].push(rounded);
  }
  return (["large", "small"] as const)
    .filter((size) => bySize[size].length > 0)
    .map((size) => ({
      type: "Feature",
      properties: { layer: "lake", size },
      geometry: { type: "MultiPolygon", coordinates: bySize[size] },
    }));
}

/** Canada and the United States from world-atlas countries-10m, clipped to `box`. */
export function landFeatures(topology: Topology, box: Bbox = DATA_BBOX): BaseFeature[] {
  const countries = topology.objects.countries as GeometryCollection;
  const out: BaseFeature[] = [];
  for (const geometry of countries.geometries) {
    const country = COUNTRIES[String(geometry.id)];
    if (!country) continue;
    const f = feature(topology, geometry) as Feature<Polygon | MultiPolygon>;
    const clipped: Position[][][] = [];
    for (const polygon of polygonsOf(f.geometry)) {
      const c = clipPolygon(polygon, box);
      const rounded = c && roundPolygon(c);
      if (rounded) clipped.push(rounded);
    }
    if (clipped.length)
      out.push({
        type: "Feature",
        properties: { layer: "land", country },
        geometry: { type: "MultiPolygon", coordinates: clipped },
      });
  }
  return out;
}

/** The Canada–United States boundary: the arcs the two countries share, clipped to `box`. */
export function borderFeatures(topology: Topology, box: Bbox = DATA_BBOX): BaseFeature[] {
  const countries = topology.objects.countries as GeometryCollection;
  const shared = mesh(
    topology,
    countries,
    (a, b) => a !== b && COUNTRIES[String(a.id)] !== undefined && COUNTRIES[String(b.id)] !== undefined,
  );
  const lines = shared.coordinates
    .flatMap((line) => clipLine(line, box))
    .map((l) => roundLine(l))
    .filter((l) => l.length >= 2);
  if (lines.length === 0) return [];
  const geometry: MultiLineString = { type: "MultiLineString", coordinates: lines };
  return [{ type: "Feature", properties: { layer: "border" }, geometry }];
}

/** 1 for the cities, 4 for villages: the style sizes labels and orders collisions by it. */
export function townRank(weight: number): 1 | 2 | 3 | 4 {
  if (weight >= 10) return 1;
  if (weight >= 4) return 2;
  if (weight >= 2) return 3;
  return 4;
}

export function townFeatures(
  towns: readonly Town[],
  cottageTowns: readonly string[],
  context: readonly { name: string; nameEn?: string; lng: number; lat: number }[] = [],
): BaseFeature[] {
  const own: BaseFeature[] = towns.map((t) => ({
    type: "Feature",
    properties: {
      layer: "town",
      name: t.name,
      rank: townRank(t.weight),
      region: t.region,
      cottage: cottageTowns.includes(t.name),
      context: false,
    },
    geometry: { type: "Point", coordinates: roundLine([[t.lng, t.lat]])[0]! },
  }));
  const others: BaseFeature[] = context.map((p) => ({
    type: "Feature",
    properties: {
      layer: "town",
      name: p.name,
      ...(p.nameEn ? { name_en: p.nameEn } : {}),
      rank: 2,
      cottage: false,
      context: true,
    },
    geometry: { type: "Point", coordinates: roundLine([[p.lng, p.lat]])[0]! },
  }));
  return [...own, ...others];
}

export function roadFeatures(roads: readonly Road[]): BaseFeature[] {
  return roads.map((r) => ({
    type: "Feature",
    properties: { layer: "road", ref: r.ref, class: r.class },
    geometry: { type: "LineString", coordinates: roundLine(r.points) },
  }));
}

export function labelFeatures(
  labels: readonly { kind: string; nameFr: string; nameEn: string; lng: number; lat: number }[],
): BaseFeature[] {
  return labels.map((l) => ({
    type: "Feature",
    properties: { layer: "label", kind: l.kind, name: l.nameFr, name_fr: l.nameFr, name_en: l.nameEn },
    geometry: { type: "Point", coordinates: roundLine([[l.lng, l.lat]])[0]! },
  }));
}

/** The rectangle of water under the land (see the style's base-water layer). */
export function waterFeature(box: Bbox = DATA_BBOX): BaseFeature {
  const [w, s, e, n] = box;
  return {
    type: "Feature",
    properties: { layer: "water" },
    geometry: {
      type: "Polygon",
      coordinates: [
        [
          [w, s],
          [e, s],
          [e, n],
          [w, n],
          [w, s],
        ],
      ],
    },
  };
}

export interface BaseMapInputs {
  lakes: Geometry;
  countries: Topology;
  towns: readonly Town[];
  cottageTowns: readonly string[];
  roads: readonly Road[];
  contextPlaces?: readonly { name: string; nameEn?: string; lng: number; lat: number }[];
  areaLabels?: readonly { kind: string; nameFr: string; nameEn: string; lng: number; lat: number }[];
}

export function buildBaseMap(inputs: BaseMapInputs): FeatureCollection<Geometry, Props> {
  return {
    type: "FeatureCollection",
    features: [
      waterFeature(),
      ...landFeatures(inputs.countries),
      ...lakeFeatures(inputs.lakes),
      ...borderFeatures(inputs.countries),
      ...roadFeatures(inputs.roads),
      ...townFeatures(inputs.towns, inputs.cottageTowns, inputs.contextPlaces),
      ...labelFeatures(inputs.areaLabels ?? []),
    ],
  };
}
