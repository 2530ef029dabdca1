/**
 * The map's own WebGL layers, drawn over the base style. Kept apart from the component so the
 * expressions are read in one place; the same specifications work on MapLibre and Mapbox.
 */
import type { LayerProps } from "react-map-gl/maplibre";

export const LOCATIONS_SOURCE = "service-locations";
export const ROUTES_SOURCE = "tech-routes";
export const JOBS_SOURCE = "job-pins";

export const CLUSTER_LAYER = "location-clusters";
export const JOB_LAYER = "job-pins";

/** Location status colours by index into LOCATION_STATUS_CODES (planned, active, suspended, disconnected). */
const LOCATION_DOT_COLOR = ["match", ["get", "s"], 0, "#a78bfa", 1, "#64748b", 2, "#f97316", 3, "#cbd5e1", "#64748b"];

export function locationLayers(font: string[]): LayerProps[] {
  return [
    {
      id: CLUSTER_LAYER,
      type: "circle",
      source: LOCATIONS_SOURCE,
      filter: ["has", "point_count"],
      paint: {
        "circle-color": "#475569",
        "circle-opacity": 0.18,
        "circle-stroke-color": "#475569",
        "circle-stroke-width": 1,
        "circle-stroke-opacity": 0.45,
        // Size grows in steps with the count, so dense towns read at a glance.
        "circle-radius": ["step", ["get", "point_count"], 12, 50, 16, 250, 21, 1000, 27],
      },
    },
    {
      id: "location-cluster-counts",
      type: "symbol",
      source: LOCATIONS_SOURCE,
      filter: ["has", "point_count"],
      layout: {
        "text-field": ["get", "point_count_abbreviated"],
        "text-font": font,
        "text-size": 11,
        "text-allow-overlap": true,
      },
      paint: { "text-color": "#1e293b" },
    },
    {
      id: "location-dots",
      type: "circle",
      source: LOCATIONS_SOURCE,
      filter: ["!", ["has", "point_count"]],
      paint: {
        "circle-color": LOCATION_DOT_COLOR,
        "circle-radius": 3,
        "circle-stroke-color": "#fff",
        "circle-stroke-width": 0.5,
        "circle-opacity": 0.8,
      },
    },
  ] as LayerProps[];
}

export const routeLayer = {
  id: "tech-routes",
  type: "line",
  source: ROUTES_SOURCE,
  layout: { "line-join": "round", "line-cap": "round" },
  paint: {
    "line-color": ["get", "color"],
    "line-width": ["case", ["get", "highlighted"], 5, 2.5],
    "line-opacity": ["case", ["get", "highlighted"], 0.95, 0.6],
    "line-dasharray": [2, 1.5],
  },
} as LayerProps;

export const jobLayers: LayerProps[] = [
  {
    // Another dispatcher's selection: a wide ring in their colour under the pin.
    id: "job-remote-selection",
    type: "circle",
    source: JOBS_SOURCE,
    filter: ["!=", ["get", "remoteColor"], null],
    paint: {
      "circle-radius": 13,
      "circle-color": "rgba(0,0,0,0)",
      "circle-stroke-width": 3,
      "circle-stroke-color": ["coalesce", ["get", "remoteColor"], "#000"],
    },
  },
  {
    id: "job-selection",
    type: "circle",
    source: JOBS_SOURCE,
    filter: ["==", ["get", "selected"], true],
    paint: { "circle-radius": 11, "circle-color": "#fff", "circle-stroke-width": 3, "circle-stroke-color": "#0f172a" },
  },
  {
    id: JOB_LAYER,
    type: "circle",
    source: JOBS_SOURCE,
    paint: {
      "circle-color": ["get", "color"],
      "circle-radius": ["case", ["get", "selected"], 8, 6.5],
      "circle-stroke-color": "#fff",
      "circle-stroke-width": 2,
    },
  },
] as LayerProps[];
