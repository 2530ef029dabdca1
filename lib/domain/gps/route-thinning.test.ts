import { describe, expect, it } from "vitest";
import type { LatLng } from "./geo";
import { thinRoute } from "./route-thinning";

const origin = { lat: 45.5, lng: -73.6 };
const M_PER_DEGREE = 111_195;
/** A point `east` and `north` metres from the origin. */
const at = (east: number, north: number): LatLng => ({
  lat: origin.lat + north / M_PER_DEGREE,
  lng: origin.lng + east / (M_PER_DEGREE * Math.cos((origin.lat * Math.PI) / 180)),
});
const line = (count: number, step: number, shape: (i: number) => [number, number] = (i) => [i * step, 0]) =>
  Array.from({ length: count }, (_, i) => at(...shape(i)));
/** Indices of the kept points in the input (thinning keeps the input's own objects). */
const keptIndices = (input: LatLng[], kept: LatLng[]) => kept.map((p) => input.indexOf(p));

describe("thinRoute", () => {
  it.each<{ name: string; points: LatLng[]; toleranceM: number; maxPoints: number; kept: number[] }>([
    { name: "no point", points: [], toleranceM: 5, maxPoints: 10, kept: [] },
    { name: "one point", points: [at(0, 0)], toleranceM: 5, maxPoints: 10, kept: [0] },
    { name: "two points", points: [at(0, 0), at(100, 0)], toleranceM: 5, maxPoints: 10, kept: [0, 1] },
    { name: "a straight road: its ends", points: line(11, 100), toleranceM: 5, maxPoints: 100, kept: [0, 10] },
    {
      name: "a corner is kept",
      points: line(11, 100, (i) => (i <= 5 ? [i * 100, 0] : [500, (i - 5) * 100])),
      toleranceM: 5,
      maxPoints: 100,
      kept: [0, 5, 10],
    },
    {
      name: "noise under the tolerance is dropped",
      points: line(11, 100, (i) => [i * 100, i % 2 === 0 ? 0 : 2]),
      toleranceM: 5,
      maxPoints: 100,
      kept: [0, 10],
    },
    {
      name: "a zigzag over the tolerance is kept whole",
      points: line(7, 100, (i) => [i * 100, i % 2 === 0 ? 0 : 20]),
      toleranceM: 5,
      maxPoints: 100,
      kept: [0, 1, 2, 3, 4, 5, 6],
    },
    {
      name: "a track that turns back keeps its far end (distance to the segment, not the line)",
      points: [at(0, 0), at(500, 0), at(1000, 0), at(600, 0), at(200, 0)],
      toleranceM: 5,
      maxPoints: 100,
      kept: [0, 2, 4],
    },
    {
      name: "on a budget, the largest deviation first",
      points: line(11, 100, (i) => [i * 100, i === 2 ? 100 : i === 5 ? 50 : i === 8 ? 10 : 0]),
      toleranceM: 5,
      maxPoints: 3,
      kept: [0, 2, 10],
    },
    {
      name: "a budget under two still keeps both ends",
      points: line(5, 100, (i) => [i * 100, i === 2 ? 300 : 0]),
      toleranceM: 0,
      maxPoints: 0,
      kept: [0, 4],
    },
  ])("$name", ({ points, toleranceM, maxPoints, kept }) => {
    const thinned = thinRoute(points, { toleranceM, maxPoints });
    expect(keptIndices(points, thinned)).toEqual(kept);
  });

  it("caps a long noisy drive at the budget, in order, with both ends", () => {
    // 5,000 fixes along a winding road with a little noise: far more shape than the budget allows.
    const points = line(5_000, 10, (i) => [i * 10, 400 * Math.sin(i / 150) + ((i * 7919) % 13) - 6]);
    const thinned = thinRoute(points, { toleranceM: 3, maxPoints: 500 });
    expect(thinned).toHaveLength(500);
    const indices = keptIndices(points, thinned);
    expect(indices[0]).toBe(0);
    expect(indices.at(-1)).toBe(4_999);
    expect(indices.every((index, i) => i === 0 || index > indices[i - 1]!)).toBe(true);
  });

  it("keeps fewer than the budget when the tolerance is met first", () => {
    const points = line(5_000, 10, (i) => [i * 10, 400 * Math.sin(i / 150)]);
    const thinned = thinRoute(points, { toleranceM: 10, maxPoints: 500 });
    expect(thinned.length).toBeGreaterThan(10);
    expect(thinned.length).toBeLessThan(500);
  });
});
