import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { validateStyleMin } from "@maplibre/maplibre-gl-style-spec";
import type { FeatureCollection, Geometry } from "geojson";
import { describe, expect, it } from "vitest";
import { decodeGlyphRange } from "../../scripts/map/glyph-pbf";
import {
  BASE_MAP_DATA_BOUNDS,
  BASE_MAP_DATA_PATH,
  BASE_MAP_DEFAULT_VIEW,
  BASE_MAP_FEATURE_LAYERS,
  BASE_MAP_FONT,
  BASE_MAP_GLYPH_RANGES,
  BASE_MAP_SOURCE,
  SERVICE_AREA_BOUNDS,
  localBaseStyle,
} from "./base-style";

const PUBLIC = path.resolve(import.meta.dirname, "../../public");
const ORIGIN = "http://127.0.0.1:3000";
const glyphFile = (range: string) => path.join(PUBLIC, "map/glyphs", BASE_MAP_FONT, `${range}.pbf`);

function loadBase(): FeatureCollection<Geometry, Record<string, unknown>> {
  return JSON.parse(readFileSync(path.join(PUBLIC, BASE_MAP_DATA_PATH), "utf8")) as FeatureCollection<
    Geometry,
    Record<string, unknown>
  >;
}

/** Every [lng, lat] of a geometry. */
function positions(g: Geometry): number[][] {
  switch (g.type) {
    case "Point":
      return [g.coordinates];
    case "MultiPoint":
    case "LineString":
      return g.coordinates;
    case "MultiLineString":
    case "Polygon":
      return g.coordinates.flat();
    case "MultiPolygon":
      return g.coordinates.flat(2);
    case "GeometryCollection":
      return g.geometries.flatMap(positions);
  }
}

function walk(value: unknown, visit: (v: unknown) => void) {
  visit(value);
  if (Array.isArray(value)) value.forEach((v) => walk(v, visit));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => walk(v, visit));
}

describe("localBaseStyle", () => {
  it.each([
    ["fr", ORIGIN],
    ["en", ORIGIN],
    ["fr", `${ORIGIN}/`],
  ] as const)("validates with no error (%s, %s)", (locale, origin) => {
    expect(validateStyleMin(localBaseStyle({ origin, locale }))).toEqual([]);
  });

  it("fetches glyphs and data from the given origin only", () => {
    const style = localBaseStyle({ origin: `${ORIGIN}/`, locale: "fr" });
    expect(style.glyphs).toBe(`${ORIGIN}/map/glyphs/{fontstack}/{range}.pbf`);
    expect(style.sources[BASE_MAP_SOURCE]).toMatchObject({ type: "geojson", data: `${ORIGIN}${BASE_MAP_DATA_PATH}` });
    expect(style.sprite).toBeUndefined();
    const urls: string[] = [];
    walk(style, (v) => {
      if (typeof v === "string" && /^[a-z]+:\/\//i.test(v)) urls.push(v);
    });
    expect(urls.every((u) => u.startsWith(`${ORIGIN}/`))).toBe(true);
  });

  it("credits OpenStreetMap (ODbL) and Natural Earth in both languages", () => {
    for (const locale of ["fr", "en"] as const) {
      const source = localBaseStyle({ origin: ORIGIN, locale }).sources[BASE_MAP_SOURCE]!;
      expect(source).toHaveProperty("attribution");
      const attribution = (source as { attribution: string }).attribution;
      expect(attribution).toMatch(/© .*OpenStreetMap/);
      expect(attribution).toContain("ODbL");
      expect(attribution).toContain("Natural Earth");
    }
    expect(
      (localBaseStyle({ origin: ORIGIN, locale: "en" }).sources[BASE_MAP_SOURCE] as { attribution: string })
        .attribution,
    ).toBe("© OpenStreetMap contributors (lakes, ODbL) · Natural Earth · simplified roads");
  });

  it("gives every layer a unique id and an existing source", () => {
    const style = localBaseStyle({ origin: ORIGIN, locale: "fr" });
    const ids = style.layers.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const layer of style.layers) {
      if (layer.type === "background") continue;
      expect(style.sources, layer.id).toHaveProperty(layer.source);
    }
  });

  it("filters only on feature layers the data has", () => {
    const style = localBaseStyle({ origin: ORIGIN, locale: "fr" });
    const used = new Set<string>();
    walk(
      style.layers.map((l) => ("filter" in l ? l.filter : null)),
      (v) => {
        if (Array.isArray(v) && v[0] === "==" && JSON.stringify(v[1]) === '["get","layer"]') used.add(String(v[2]));
      },
    );
    expect([...used].sort()).toEqual([...BASE_MAP_FEATURE_LAYERS].sort());
  });

  it("uses only the shipped font stack, whose glyph files are all on disk", () => {
    const fonts = new Set<string>();
    for (const layer of localBaseStyle({ origin: ORIGIN, locale: "fr" }).layers) {
      if (layer.type !== "symbol") continue;
      const textFont = layer.layout?.["text-font"];
      expect(textFont, layer.id).toEqual([BASE_MAP_FONT]);
      fonts.add((textFont as string[]).join(","));
    }
    expect([...fonts]).toEqual([BASE_MAP_FONT]);
    for (const range of BASE_MAP_GLYPH_RANGES) {
      const [stack] = decodeGlyphRange(readFileSync(glyphFile(range)));
      expect(stack).toMatchObject({ name: BASE_MAP_FONT, range });
      expect(stack!.glyphs.length).toBeGreaterThan(100);
    }
    expect(existsSync(path.join(PUBLIC, "map/glyphs", BASE_MAP_FONT, "LICENSE.txt"))).toBe(true);
  });

  it("frames the service area inside the shipped data", () => {
    const [[w, s], [e, n]] = SERVICE_AREA_BOUNDS;
    const [[dw, ds], [de, dn]] = BASE_MAP_DATA_BOUNDS;
    expect(w < e && s < n).toBe(true);
    expect(dw < w && ds < s && de > e && dn > n).toBe(true);
    const [lng, lat] = BASE_MAP_DEFAULT_VIEW.center;
    expect(lng > w && lng < e && lat > s && lat < n).toBe(true);
  });
});

describe("public/map/base.geojson", () => {
  const base = loadBase();

  it("is a FeatureCollection whose features all have a known layer and finite coordinates in the data's box", () => {
    expect(base.type).toBe("FeatureCollection");
    const known = new Set<string>(BASE_MAP_FEATURE_LAYERS);
    const [[w, s], [e, n]] = BASE_MAP_DATA_BOUNDS;
    for (const f of base.features) {
      expect(known.has(String(f.properties.layer)), JSON.stringify(f.properties)).toBe(true);
      const points = positions(f.geometry);
      expect(points.length).toBeGreaterThan(0);
      for (const [lng, lat] of points) {
        expect(Number.isFinite(lng) && Number.isFinite(lat)).toBe(true);
        expect(lng! >= w && lng! <= e && lat! >= s && lat! <= n, `${String(f.properties.layer)} ${lng},${lat}`).toBe(
          true,
        );
      }
    }
  });

  // That the towns are the seed's, each once, is checked in scripts/map/base-map-build.test.ts.
  it("has data for every feature layer, and ranks its towns 1 to 4", () => {
    const count = (layer: string) => base.features.filter((f) => f.properties.layer === layer).length;
    for (const layer of BASE_MAP_FEATURE_LAYERS) expect(count(layer), layer).toBeGreaterThan(0);
    const towns = base.features.filter((f) => f.properties.layer === "town" && !f.properties.context);
    for (const f of towns) expect([1, 2, 3, 4]).toContain(f.properties.rank);
  });

  it("keeps the lakes of the area (Memphrémagog, Brome, Massawippi, Missisquoi Bay)", () => {
    const lakes = base.features.filter((f) => f.properties.layer === "lake").flatMap((f) => positions(f.geometry));
    const near = (lng: number, lat: number) =>
      lakes.some(([x, y]) => Math.abs(x! - lng) < 0.05 && Math.abs(y! - lat) < 0.05);
    expect(near(-72.22, 45.1)).toBe(true); // Memphrémagog
    expect(near(-72.52, 45.25)).toBe(true); // Brome
    expect(near(-72.02, 45.19)).toBe(true); // Massawippi
    expect(near(-73.13, 45.04)).toBe(true); // Missisquoi Bay
  });

  it("has every character any label needs in the shipped glyph ranges", () => {
    const shipped = new Set(
      BASE_MAP_GLYPH_RANGES.flatMap((range) =>
        decodeGlyphRange(readFileSync(glyphFile(range)))[0]!.glyphs.map((g) => g.id),
      ),
    );
    const text = [
      ...base.features.flatMap((f) => [
        f.properties.name,
        f.properties.name_fr,
        f.properties.name_en,
        f.properties.ref,
      ]),
      "A-0123456789", // road refs and cluster counts
      "éèêëàâçôœÉÈÀÇŒ’«»–—…·",
    ]
      .filter((s): s is string => typeof s === "string")
      .join("");
    const missing = [...new Set(text)].filter((ch) => !shipped.has(ch.codePointAt(0)!));
    expect(missing).toEqual([]);
  });
});

describe("size budget of public/map", () => {
  const size = (p: string): number =>
    statSync(p).isDirectory()
      ? readdirSync(p).reduce((sum, name) => sum + size(path.join(p, name)), 0)
      : statSync(p).size;

  it("keeps the base data under 400 KB and the whole map under 800 KB", () => {
    expect(size(path.join(PUBLIC, BASE_MAP_DATA_PATH))).toBeLessThan(400 * 1024);
    for (const range of BASE_MAP_GLYPH_RANGES) expect(size(glyphFile(range))).toBeLessThan(200 * 1024);
    expect(size(path.join(PUBLIC, "map"))).toBeLessThan(800 * 1024);
  });
});
