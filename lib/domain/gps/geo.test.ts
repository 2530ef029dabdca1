import { describe, expect, it } from "vitest";
import { bearingDegrees, distanceMeters, isValidLatLng } from "./geo";

const montreal = { lat: 45.5017, lng: -73.5673 };
const quebec = { lat: 46.8139, lng: -71.208 };

describe("distanceMeters", () => {
  it.each([
    ["same point", montreal, montreal, 0, 0.001],
    ["Montréal → Québec (about 233 km)", montreal, quebec, 233_000, 2_000],
    ["one degree of latitude (about 111.2 km)", { lat: 45, lng: -73 }, { lat: 46, lng: -73 }, 111_195, 50],
    ["across the antimeridian", { lat: 0, lng: 179.5 }, { lat: 0, lng: -179.5 }, 111_195, 50],
  ])("%s", (_name, a, b, expected, tolerance) => {
    expect(Math.abs(distanceMeters(a, b) - expected)).toBeLessThanOrEqual(tolerance);
    expect(distanceMeters(a, b)).toBeCloseTo(distanceMeters(b, a), 6);
  });
});

describe("bearingDegrees", () => {
  it.each([
    ["north", { lat: 45, lng: -73 }, { lat: 46, lng: -73 }, 0],
    ["east", { lat: 0, lng: 10 }, { lat: 0, lng: 11 }, 90],
    ["south", { lat: 46, lng: -73 }, { lat: 45, lng: -73 }, 180],
    ["west", { lat: 0, lng: 11 }, { lat: 0, lng: 10 }, 270],
  ])("%s", (_name, a, b, expected) => {
    expect(bearingDegrees(a, b)).toBeCloseTo(expected, 3);
  });
});

describe("isValidLatLng", () => {
  it.each([
    [{ lat: 45, lng: -73 }, true],
    [{ lat: 90, lng: 180 }, true],
    [{ lat: 90.0001, lng: 0 }, false],
    [{ lat: 0, lng: -180.1 }, false],
    [{ lat: Number.NaN, lng: 0 }, false],
    [{ lat: "45", lng: 0 }, false],
  ])("%j → %s", (p, expected) => {
    expect(isValidLatLng(p as { lat: unknown; lng: unknown })).toBe(expected);
  });
});
