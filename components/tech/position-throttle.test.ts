import { describe, expect, it } from "vitest";
import { distanceM, shouldSend, type Fix } from "./position-throttle";

const base: Fix = { lat: 45.4, lng: -72.73, timestamp: 1_000_000 };
/** About `metres` north of the base fix. */
const north = (metres: number, timestamp: number): Fix => ({
  lat: base.lat + metres / 111_195,
  lng: base.lng,
  timestamp,
});

describe("distanceM", () => {
  it("measures a degree of latitude as about 111 km", () => {
    expect(distanceM({ lat: 45, lng: -73 }, { lat: 46, lng: -73 })).toBeCloseTo(111_195, -2);
  });
});

describe("shouldSend", () => {
  const sent = { fix: base, at: 5_000 };
  it.each([
    ["the first fix", null, base, 0, true],
    ["a move of 30 m within the minute", sent, north(30, 1_010_000), 15_000, false],
    ["a move of 60 m within the minute", sent, north(60, 1_010_000), 15_000, true],
    ["no move, 59 s later", sent, north(5, 1_059_000), 64_000, false],
    ["no move, 60 s later", sent, north(5, 1_060_000), 65_000, true],
    ["an older fix arriving late", sent, north(500, 999_000), 65_000, false],
    ["the same fix again", sent, base, 65_000, false],
  ] as const)("%s → %s", (_name, last, fix, now, expected) => {
    expect(shouldSend(last, fix, now)).toBe(expected);
  });
});
