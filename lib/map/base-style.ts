/**
 * The offline base map: a complete MapLibre style whose data and glyphs are files shipped in
 * public/map/ (written by `npm run map:base`). No tile server, no token, no internet: the
 * dispatch map must work in a depot with a dead uplink, which is when dispatch matters most.
 *
 * It is a background for coloured job pins and technician markers, so everything here is
 * calm and low-contrast: pale land, soft blue water, roads a shade off the land.
 */
import type { ExpressionSpecification, FilterSpecification, LayerSpecification, StyleSpecification } from "maplibre-gl";

/**
 * The one font stack with glyphs on disk (DejaVu Sans Book; Bitstream Vera licence). App
 * symbol layers (cluster counts…) must use `text-font: [BASE_MAP_FONT]`: any other stack
 * would ask the server for glyph files that do not exist.
 */
export const BASE_MAP_FONT = "DejaVu Sans Book";

/** The glyph ranges shipped: Basic Latin + Latin-1, Latin Extended-A/B (œ), punctuation (’ – …). */
export const BASE_MAP_GLYPH_RANGES = ["0-255", "256-511", "8192-8447"] as const;

/** Paths under the site's origin; the generator writes to public/ with the same layout. */
export const BASE_MAP_DATA_PATH = "/map/base.geojson";
export const BASE_MAP_GLYPHS_PATH = "/map/glyphs/{fontstack}/{range}.pbf";

/** Values of the `layer` property of the features of base.geojson, in drawing order. */
export const BASE_MAP_FEATURE_LAYERS = ["water", "land", "lake", "border", "road", "town", "label"] as const;
export type BaseMapFeatureLayer = (typeof BASE_MAP_FEATURE_LAYERS)[number];

export type LngLatBounds = [[west: number, south: number], [east: number, north: number]];

/** Where the customers are: Montérégie and Estrie, from Saint-Jean to Sherbrooke. */
export const SERVICE_AREA_BOUNDS: LngLatBounds = [
  [-73.6, 44.95],
  [-71.3, 45.95],
];

/**
 * What the shipped data covers (land and lakes are clipped to it). Wider than the service
 * area so panning a little never shows an edge; a good `maxBounds` for the map.
 */
export const BASE_MAP_DATA_BOUNDS: LngLatBounds = [
  [-75.6, 44.2],
  [-69.3, 46.7],
];

/** Frames the service area in a desktop-sized map (≈ 1000 × 700 px). */
export const BASE_MAP_DEFAULT_VIEW = { center: [-72.45, 45.45] as [number, number], zoom: 8 } as const;
/**
 * Below this the edge of the shipped data shows on a desktop screen. Use it with
 * `maxBounds: BASE_MAP_DATA_BOUNDS`, which also keeps a very large screen inside the data.
 */
export const BASE_MAP_MIN_ZOOM = 7;

export const BASE_MAP_SOURCE = "base";

export type BaseMapLocale = "fr" | "en";

const ATTRIBUTION: Record<BaseMapLocale, string> = {
  fr: "© contributeurs d’OpenStreetMap (lacs, ODbL) · Natural Earth · routes simplifiées",
  en: "© OpenStreetMap contributors (lakes, ODbL) · Natural Earth · simplified roads",
};

/** Colours, picked to stay under the pins: no saturated hue, little contrast between fills. */
export const BASE_MAP_COLORS = {
  outside: "#e4e2dc",
  water: "#c3d7e3",
  waterOutline: "#acc6d6",
  land: "#f3f1eb",
  landAbroad: "#e9e7e1",
  border: "#9c8fae",
  motorway: "#f6d9a8",
  motorwayCasing: "#d9b77e",
  primary: "#ffffff",
  primaryCasing: "#c4bcae",
  text: "#4a4a48",
  textMuted: "#807d76",
  textWater: "#5d7f95",
  halo: "rgba(255, 255, 255, 0.9)",
} as const;

const is = (layer: BaseMapFeatureLayer): ExpressionSpecification => ["==", ["get", "layer"], layer];
const isRoad = (roadClass: "motorway" | "primary"): FilterSpecification => [
  "all",
  is("road"),
  ["==", ["get", "class"], roadClass],
];

/** Line width that doubles about every zoom level, as real roads appear to. */
function roadWidth(at7: number, at12: number): ExpressionSpecification {
  return ["interpolate", ["exponential", 1.6], ["zoom"], 7, at7, 12, at12];
}

/** A style with everything local: glyphs and data are fetched from `origin` (e.g. location.origin). */
export function localBaseStyle({ origin, locale }: { origin: string; locale: BaseMapLocale }): StyleSpecification {
  const base = origin.replace(/\/+$/, "");
  const font = [BASE_MAP_FONT];
  const c = BASE_MAP_COLORS;
  const localName: ExpressionSpecification = ["coalesce", ["get", `name_${locale}`], ["get", "name"]];

  const layers: LayerSpecification[] = [
    { id: "base-background", type: "background", paint: { "background-color": c.outside } },
    // A rectangle of water under the land: the St. Lawrence is the gap between Natural Earth's
    // land polygons, and beyond the rectangle the neutral background says "no data", not "sea".
    { id: "base-water", type: "fill", source: BASE_MAP_SOURCE, filter: is("water"), paint: { "fill-color": c.water } },
    {
      id: "base-land",
      type: "fill",
      source: BASE_MAP_SOURCE,
      filter: is("land"),
      paint: { "fill-color": ["match", ["get", "country"], "CA", c.land, c.landAbroad], "fill-antialias": false },
    },
    {
      id: "base-lake",
      type: "fill",
      source: BASE_MAP_SOURCE,
      filter: ["all", is("lake"), ["==", ["get", "size"], "large"]],
      paint: { "fill-color": c.water, "fill-outline-color": c.waterOutline },
    },
    {
      id: "base-lake-small",
      type: "fill",
      source: BASE_MAP_SOURCE,
      filter: ["all", is("lake"), ["==", ["get", "size"], "small"]],
      minzoom: 9,
      paint: {
        "fill-color": c.water,
        "fill-outline-color": c.waterOutline,
        "fill-opacity": ["interpolate", ["linear"], ["zoom"], 9, 0, 9.5, 1],
      },
    },
    {
      id: "base-border",
      type: "line",
      source: BASE_MAP_SOURCE,
      filter: is("border"),
      layout: { "line-join": "round" },
      paint: {
        "line-color": c.border,
        "line-width": ["interpolate", ["linear"], ["zoom"], 6, 1, 12, 2.2],
        "line-dasharray": [3, 2],
      },
    },
    {
      id: "base-road-primary-casing",
      type: "line",
      source: BASE_MAP_SOURCE,
      filter: isRoad("primary"),
      minzoom: 7,
      layout: { "line-join": "round", "line-cap": "round" },
      paint: { "line-color": c.primaryCasing, "line-width": roadWidth(2, 9) },
    },
    {
      id: "base-road-primary",
      type: "line",
      source: BASE_MAP_SOURCE,
      filter: isRoad("primary"),
      minzoom: 7,
      layout: { "line-join": "round", "line-cap": "round" },
      paint: { "line-color": c.primary, "line-width": roadWidth(1, 7) },
    },
    {
      id: "base-road-motorway-casing",
      type: "line",
      source: BASE_MAP_SOURCE,
      filter: isRoad("motorway"),
      layout: { "line-join": "round", "line-cap": "round" },
      paint: { "line-color": c.motorwayCasing, "line-width": roadWidth(2.6, 13) },
    },
    {
      id: "base-road-motorway",
      type: "line",
      source: BASE_MAP_SOURCE,
      filter: isRoad("motorway"),
      layout: { "line-join": "round", "line-cap": "round" },
      paint: { "line-color": c.motorway, "line-width": roadWidth(1.6, 10) },
    },
    {
      id: "base-label-lake",
      type: "symbol",
      source: BASE_MAP_SOURCE,
      filter: ["all", is("label"), ["==", ["get", "kind"], "lake"]],
      minzoom: 8.5,
      layout: {
        "text-field": localName,
        "text-font": font,
        "text-size": 11,
        "text-max-width": 7,
        "text-letter-spacing": 0.04,
      },
      paint: { "text-color": c.textWater, "text-halo-color": "rgba(195, 215, 227, 0.6)", "text-halo-width": 1 },
    },
    {
      id: "base-label-region",
      type: "symbol",
      source: BASE_MAP_SOURCE,
      filter: ["all", is("label"), ["==", ["get", "kind"], "region"]],
      layout: {
        "text-field": localName,
        "text-font": font,
        "text-size": 12,
        "text-transform": "uppercase",
        "text-letter-spacing": 0.2,
      },
      paint: { "text-color": c.textMuted, "text-halo-color": c.halo, "text-halo-width": 1.2 },
    },
    {
      id: "base-road-ref",
      type: "symbol",
      source: BASE_MAP_SOURCE,
      filter: is("road"),
      minzoom: 8,
      layout: {
        "symbol-placement": "line",
        "symbol-spacing": 260,
        "text-field": ["case", ["==", ["get", "class"], "motorway"], ["concat", "A-", ["get", "ref"]], ["get", "ref"]],
        "text-font": font,
        "text-size": 10,
        "text-rotation-alignment": "viewport",
        "text-padding": 20,
        "symbol-sort-key": ["match", ["get", "class"], "motorway", 0, 1],
      },
      paint: {
        "text-color": ["match", ["get", "class"], "motorway", "#8a5a14", "#5f5b52"],
        "text-halo-color": ["match", ["get", "class"], "motorway", c.motorway, "#ffffff"],
        "text-halo-width": 2.5,
      },
    },
    {
      id: "base-town-dot",
      type: "circle",
      source: BASE_MAP_SOURCE,
      filter: is("town"),
      paint: {
        "circle-radius": [
          "interpolate",
          ["linear"],
          ["zoom"],
          7,
          ["match", ["get", "rank"], 1, 3, 2, 2.5, 2],
          12,
          ["match", ["get", "rank"], 1, 5, 2, 4, 3],
        ],
        "circle-color": "#8f8a80",
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 1,
      },
    },
    {
      id: "base-town-label",
      type: "symbol",
      source: BASE_MAP_SOURCE,
      filter: is("town"),
      layout: {
        "text-field": localName,
        "text-font": font,
        // Bigger towns first and larger; the rest appear as the map zooms in and room frees up.
        "symbol-sort-key": ["get", "rank"],
        "text-size": [
          "interpolate",
          ["linear"],
          ["zoom"],
          7,
          ["match", ["get", "rank"], 1, 13, 2, 11.5, 10],
          11,
          ["match", ["get", "rank"], 1, 16, 2, 14, 12.5],
        ],
        "text-variable-anchor": ["left", "right", "top", "bottom"],
        "text-radial-offset": 0.55,
        "text-justify": "auto",
        "text-max-width": 9,
        "text-padding": 3,
      },
      paint: {
        // Context places (Montréal, Drummondville…) orient the eye but are not ours: greyer.
        "text-color": ["case", ["==", ["get", "context"], true], c.textMuted, c.text],
        "text-halo-color": c.halo,
        "text-halo-width": 1.4,
      },
    },
  ];

  return {
    version: 8,
    name: "Fibre-ops offline base map",
    glyphs: `${base}${BASE_MAP_GLYPHS_PATH}`,
    sources: {
      [BASE_MAP_SOURCE]: {
        type: "geojson",
        data: `${base}${BASE_MAP_DATA_PATH}`,
        attribution: ATTRIBUTION[locale],
      },
    },
    layers,
  };
}
