import { describe, expect, it } from "vitest";
import { DETOUR_FACTOR, estimateArrivals, legMinutes, roadSpeedKmh } from "./eta";
import { distanceMeters } from "./geo";

const start = { lat: 45.5, lng: -73.6 };
const now = new Date("2026-11-23T14:00:00Z");
/** A point `km` kilometres north of `start` (1° of latitude ≈ 111.195 km). */
const north = (km: number) => ({ lat: start.lat + km / 111.195, lng: start.lng });

describe("roadSpeedKmh", () => {
  it.each([
    [0, 30],
    [2.99, 30],
    [3, 50],
    [14.9, 50],
    [15, 80],
    [200, 80],
  ])("%s km → %s km/h", (km, speed) => {
    expect(roadSpeedKmh(km)).toBe(speed);
  });
});

describe("legMinutes", () => {
  it("applies the detour factor to the straight line", () => {
    const leg = legMinutes(start, north(10));
    expect(leg.km).toBeCloseTo((distanceMeters(start, north(10)) / 1000) * DETOUR_FACTOR, 6);
    expect(leg.km).toBeCloseTo(13.5, 1);
    expect(leg.minutes).toBeCloseTo((13.5 / 50) * 60, 0);
  });
  it("is zero for the same point", () => {
    expect(legMinutes(start, start)).toEqual({ km: 0, minutes: 0 });
  });
});

describe("estimateArrivals", () => {
  it("chains legs and durations in the given order", () => {
    // 1 km straight = 1.35 km road at 30 km/h = 2.7 min; then 60 min of work; then 20 km straight = 27 km at 80 km/h = 20.25 min.
    const [first, second] = estimateArrivals(start, now, [
      { jobId: "a", ...north(1), durationMin: 60 },
      { jobId: "b", ...north(21), durationMin: 30 },
    ]);
    expect(first).toMatchObject({
      jobId: "a",
      arrival: "2026-11-23T14:02:42.000Z",
      start: "2026-11-23T14:02:42.000Z",
      departure: "2026-11-23T15:02:42.000Z",
      legKm: 1.4,
      legMin: 3,
    });
    expect(second).toMatchObject({
      jobId: "b",
      arrival: "2026-11-23T15:22:57.000Z",
      departure: "2026-11-23T15:52:57.000Z",
      legKm: 27,
      legMin: 20,
    });
  });

  it("waits for the window to open when early", () => {
    const [estimate] = estimateArrivals(start, now, [
      { jobId: "a", ...north(1), durationMin: 30, windowStart: "2026-11-23T16:00:00Z" },
    ]);
    expect(estimate!.arrival).toBe("2026-11-23T14:02:42.000Z");
    expect(estimate!.start).toBe("2026-11-23T16:00:00.000Z");
    expect(estimate!.departure).toBe("2026-11-23T16:30:00.000Z");
  });

  it("ignores a window that has already opened", () => {
    const [estimate] = estimateArrivals(start, now, [
      { jobId: "a", ...start, durationMin: 15, windowStart: "2026-11-23T08:00:00Z" },
    ]);
    expect(estimate!.start).toBe(now.toISOString());
  });

  it("returns nothing for no stops", () => {
    expect(estimateArrivals(start, now, [])).toEqual([]);
  });

  it.each([[-5], [Number.NaN]])("refuses a duration of %s", (durationMin) => {
    expect(() => estimateArrivals(start, now, [{ jobId: "a", ...start, durationMin }])).toThrow(/durationMin of job a/);
  });

  it("refuses an invalid clock", () => {
    expect(() => estimateArrivals(start, new Date("nope"), [])).toThrow(/now is not a valid date/);
  });
});
