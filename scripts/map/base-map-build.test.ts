// Tests for the pure parts of scripts/map/ (the base-map generator), and for the shipped map
// against the seed's towns it is drawn from.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { FeatureCollection, MultiPolygon, Polygon } from "geojson";
import type { Topology } from "topojson-specification";
import { describe, expect, it } from "vitest";
import { BASE_MAP_DATA_PATH, SERVICE_AREA_BOUNDS } from "../../lib/map/base-style";
import { COTTAGE_TOWNS, TOWNS } from "../../server/seed/names";
import { buildBaseMap, ringAreaKm2, townRank } from "./base-features";
import { fontCodePoints } from "./font-cmap";
import { chaikinRing, clipLine, clipRing, roundRing, roundTo, type Bbox } from "./geometry";
import { ROADS } from "./roads";

const BOX: Bbox = [0, 0, 10, 10];
const square = (x0: number, y0: number, x1: number, y1: number) => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

/** Shoelace area in the plane, for checking clipped rings. */
const planarArea = (ring: number[][]) =>
  Math.abs(ring.slice(0, -1).reduce((a, p, i) => a + p[0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * p[1]!, 0)) / 2;

describe("clipRing", () => {
  it.each([
    ["inside: unchanged area", square(2, 2, 4, 4), 4],
    ["straddling one edge: cut at the edge", square(-5, 2, 5, 4), 10],
    ["covering the box: becomes the box", square(-5, -5, 15, 15), 100],
    ["outside: gone", square(20, 20, 30, 30), null],
  ])("%s", (_name, ring, area) => {
    const clipped = clipRing(ring, BOX);
    if (area === null) return expect(clipped).toBeNull();
    expect(clipped).not.toBeNull();
    expect(planarArea(clipped!)).toBeCloseTo(area, 9);
    expect(clipped![0]).toEqual(clipped![clipped!.length - 1]);
    for (const [x, y] of clipped!) expect(x >= 0 && x <= 10 && y >= 0 && y <= 10).toBe(true);
  });
});

describe("clipLine", () => {
  it.each([
    [
      "inside",
      [
        [1, 1],
        [2, 2],
      ],
      [
        [
          [1, 1],
          [2, 2],
        ],
      ],
    ],
    [
      "crossing the box",
      [
        [-5, 5],
        [15, 5],
      ],
      [
        [
          [0, 5],
          [10, 5],
        ],
      ],
    ],
    [
      "leaving and coming back: two pieces",
      [
        [5, 5],
        [15, 5],
        [15, 8],
        [5, 8],
      ],
      [
        [
          [5, 5],
          [10, 5],
        ],
        [
          [10, 8],
          [5, 8],
        ],
      ],
    ],
    [
      "outside",
      [
        [20, 20],
        [30, 30],
      ],
      [],
    ],
  ])("%s", (_name, line, expected) => {
    expect(clipLine(line, BOX)).toEqual(expected);
  });
});

describe("rounding", () => {
  it.each([
    [-72.7329123, -72.73291],
    [45.400005, 45.40001],
    [-0.000001, 0],
  ])("roundTo(%d) = %d", (value, expected) => {
    expect(roundTo(value)).toBe(expected);
    expect(Object.is(roundTo(value), -0)).toBe(false);
  });

  it("drops a ring that rounding collapses, closes one that survives", () => {
    expect(
      roundRing([
        [1.000001, 1],
        [1.000002, 1],
        [1.000001, 1.000001],
        [1.000001, 1],
      ]),
    ).toBeNull();
    expect(
      roundRing([
        [0, 0],
        [1, 0],
        [1, 1],
      ]),
    ).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ]);
  });
});

describe("chaikinRing", () => {
  it("cuts each corner at a quarter of the edges, keeping the ring closed", () => {
    const cut = chaikinRing(square(0, 0, 4, 4));
    expect(cut).toEqual([
      [1, 0],
      [3, 0],
      [4, 1],
      [4, 3],
      [3, 4],
      [1, 4],
      [0, 3],
      [0, 1],
      [1, 0],
    ]);
    expect(planarArea(cut)).toBe(14); // 16 less four corner triangles of ½
  });
});

describe("townRank", () => {
  it.each([
    [14, 1],
    [10, 1],
    [6, 2],
    [4, 2],
    [3, 3],
    [2, 3],
    [1, 4],
  ])("weight %i → rank %i", (weight, rank) => {
    expect(townRank(weight)).toBe(rank);
  });
});

describe("ringAreaKm2", () => {
  it("measures a 0.1° square at 45° N as about 11.1 × 7.9 km", () => {
    expect(ringAreaKm2(square(-72.1, 45, -72, 45.1))).toBeCloseTo(11.12 * 7.86, 0);
  });
});

describe("ROADS", () => {
  const required = [
    "10",
    "20",
    "30",
    "35",
    "55",
    "410",
    "610",
    "104",
    "112",
    "116",
    "133",
    "139",
    "143",
    "108",
    "141",
    "147",
    "243",
  ];

  it("has every main highway of the area, autoroutes as motorways", () => {
    expect([...new Set(ROADS.map((r) => r.ref))].sort()).toEqual([...required].sort());
    for (const road of ROADS)
      expect(road.class, road.ref).toBe(Number(road.ref) < 100 || Number(road.ref) >= 400 ? "motorway" : "primary");
  });

  it("stays near the service area, in finite degrees, with at least two points", () => {
    const [[w, s], [e, n]] = SERVICE_AREA_BOUNDS;
    for (const road of ROADS) {
      expect(road.points.length, road.ref).toBeGreaterThanOrEqual(2);
      for (const [lng, lat] of road.points) {
        expect(Number.isFinite(lng) && Number.isFinite(lat)).toBe(true);
        expect(lng >= w - 0.3 && lng <= e + 0.3 && lat >= s - 0.1 && lat <= n + 0.1, `${road.ref} ${lng},${lat}`).toBe(
          true,
        );
      }
    }
  });

  it("passes through the towns it serves (same coordinates as the seed)", () => {
    const through = (ref: string, town: string) => {
      const t = TOWNS.find((x) => x.name === town)!;
      return ROADS.some((r) => r.ref === ref && r.points.some(([lng, lat]) => lng === t.lng && lat === t.lat));
    };
    expect(through("112", "Granby")).toBe(true);
    expect(through("112", "Sherbrooke")).toBe(true);
    expect(through("116", "Saint-Hyacinthe")).toBe(true);
    expect(through("104", "Cowansville")).toBe(true);
    expect(through("147", "Coaticook")).toBe(true);
  });

  it("never runs through a large lake of the shipped data, bridges aside", () => {
    const base = JSON.parse(
      readFileSync(path.join(import.meta.dirname, "../../public", BASE_MAP_DATA_PATH), "utf8"),
    ) as FeatureCollection;
    const lakes = base.features
      .filter((f) => f.properties?.layer === "lake" && f.properties.size === "large")
      .flatMap((f) => (f.geometry as MultiPolygon).coordinates);
    // A-20 crosses the Saint-François on a bridge in Drummondville, drawn as a lake by the source.
    const bridges = [{ ref: "20", lng: -72.473, lat: 45.885 }];
    const inside = ([x, y]: number[], ring: number[][]) => {
      let c = false;
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]!,
          [xj, yj] = ring[j]!;
        if (yi! > y! !== yj! > y! && x! < ((xj! - xi!) * (y! - yi!)) / (yj! - yi!) + xi!) c = !c;
      }
      return c;
    };
    const wet: string[] = [];
    for (const road of ROADS) {
      for (let i = 0; i + 1 < road.points.length; i++) {
        const [a, b] = [road.points[i]!, road.points[i + 1]!];
        for (let t = 0; t <= 1; t += 0.05) {
          const p = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
          if (
            bridges.some(
              (br) => br.ref === road.ref && Math.abs(br.lng - p[0]!) < 0.02 && Math.abs(br.lat - p[1]!) < 0.02,
            )
          )
            continue;
          if (lakes.some((poly) => inside(p, poly[0]!)))
            wet.push(`${road.ref} at ${p[0]!.toFixed(3)},${p[1]!.toFixed(3)}`);
        }
      }
    }
    expect(wet).toEqual([]);
  });
});

describe("buildBaseMap", () => {
  // Two "countries" sharing one arc along 45° N: Canada north, the United States south.
  const countries: Topology = {
    type: "Topology",
    arcs: [
      [
        [-74, 45],
        [-71, 45],
      ],
      [
        [-71, 45],
        [-71, 46],
        [-74, 46],
        [-74, 45],
      ],
      [
        [-74, 45],
        [-74, 44.5],
        [-71, 44.5],
        [-71, 45],
      ],
    ],
    objects: {
      countries: {
        type: "GeometryCollection",
        geometries: [
          { type: "Polygon", id: "124", arcs: [[0, 1]] },
          { type: "Polygon", id: "840", arcs: [[-1, 2]] },
          { type: "Polygon", id: "484", arcs: [[2]] },
        ],
      },
    },
  };
  const lakes: MultiPolygon = {
    type: "MultiPolygon",
    coordinates: [
      [square(-72.3, 45.0, -72.2, 45.2)], // big, in the area
      [square(-72.001, 45.5, -72.0, 45.501)], // a pond in the area
      [square(-60.1, 45, -60, 45.1)], // far outside the data
    ],
  };
  const map = buildBaseMap({ lakes, countries, towns: TOWNS, cottageTowns: COTTAGE_TOWNS, roads: ROADS.slice(0, 2) });
  const byLayer = (layer: string) => map.features.filter((f) => f.properties.layer === layer);

  it("keeps Canada and the United States, not other countries", () => {
    expect(
      byLayer("land")
        .map((f) => f.properties.country)
        .sort(),
    ).toEqual(["CA", "US"]);
  });

  it("draws the shared border once", () => {
    const [border, ...more] = byLayer("border");
    expect(more).toEqual([]);
    expect(border!.geometry).toEqual({
      type: "MultiLineString",
      coordinates: [
        [
          [-74, 45],
          [-71, 45],
        ],
      ],
    });
  });

  it("sorts lakes into large and small and leaves out those beyond the data", () => {
    const lakeFeatures = byLayer("lake");
    expect(lakeFeatures.map((f) => [f.properties.size, (f.geometry as MultiPolygon).coordinates.length])).toEqual([
      ["large", 1],
      ["small", 1],
    ]);
    const ring = (lakeFeatures[0]!.geometry as MultiPolygon).coordinates[0]![0]!;
    expect(ring.length).toBe(9); // corners cut once
  });

  it("marks cottage towns and ranks towns by weight", () => {
    const granby = byLayer("town").find((f) => f.properties.name === "Granby")!;
    expect(granby.properties).toMatchObject({ rank: 1, cottage: false, region: "monteregie" });
    expect(byLayer("town").find((f) => f.properties.name === "Orford")!.properties.cottage).toBe(true);
  });

  it("starts with the water rectangle the land is drawn over", () => {
    expect(map.features[0]!.properties.layer).toBe("water");
    expect((map.features[0]!.geometry as Polygon).coordinates[0]).toHaveLength(5);
  });
});

describe("fontCodePoints", () => {
  const dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  it.skipIf(!existsSync(dejavu))(
    "reads DejaVu Sans' cmap: French letters and typographic punctuation, no controls",
    () => {
      const cps = fontCodePoints(new Uint8Array(readFileSync(dejavu)));
      for (const ch of "AZaz09 éÉœŒ’–…«»€") expect(cps.has(ch.codePointAt(0)!), ch).toBe(true);
      expect(cps.has(0x07)).toBe(false);
    },
  );
});

describe("the shipped base map and the seed's towns", () => {
  it("puts every seed town inside the service area", () => {
    const [[w, s], [e, n]] = SERVICE_AREA_BOUNDS;
    for (const t of TOWNS) expect(t.lng > w && t.lng < e && t.lat > s && t.lat < n, t.name).toBe(true);
  });

  it("labels every seed town once", () => {
    const base = JSON.parse(
      readFileSync(path.join(import.meta.dirname, "../../public", BASE_MAP_DATA_PATH), "utf8"),
    ) as FeatureCollection;
    const towns = base.features.filter((f) => f.properties?.layer === "town" && !f.properties.context);
    expect(towns.map((f) => f.properties?.name as string).sort()).toEqual(TOWNS.map((t) => t.name).sort());
  });
});
