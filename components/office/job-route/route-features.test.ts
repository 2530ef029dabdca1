import { describe, expect, it } from "vitest";
import { routeBounds, routeLine } from "./route-features";

const destination = { lat: 45.4, lng: -73.5 };

describe("routeBounds", () => {
  it.each<{ name: string; line: Array<[number, number]>; bounds: [[number, number], [number, number]] }>([
    {
      name: "no line: the destination alone",
      line: [],
      bounds: [
        [-73.5, 45.4],
        [-73.5, 45.4],
      ],
    },
    {
      name: "a drive from the north-west",
      line: [
        [-73.7, 45.6],
        [-73.6, 45.5],
      ],
      bounds: [
        [-73.7, 45.4],
        [-73.5, 45.6],
      ],
    },
    {
      name: "a drive past the destination",
      line: [
        [-73.6, 45.3],
        [-73.4, 45.45],
      ],
      bounds: [
        [-73.6, 45.3],
        [-73.4, 45.45],
      ],
    },
  ])("$name", ({ line, bounds }) => {
    expect(routeBounds({ line, destination })).toEqual(bounds);
  });
});

describe("routeLine", () => {
  it("is one GeoJSON line in the route's order", () => {
    const line: Array<[number, number]> = [
      [-73.7, 45.6],
      [-73.6, 45.5],
    ];
    expect(routeLine({ line })).toEqual({
      type: "Feature",
      properties: {},
      geometry: { type: "LineString", coordinates: line },
    });
  });
});
