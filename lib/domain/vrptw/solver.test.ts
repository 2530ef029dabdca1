import { describe, expect, it } from "vitest";
import { seededRandom } from "../seeded-random";
import { checkSolution } from "./check-solution";
import type { LkhInstance } from "./lkh-format";
import { lkhToProblem } from "./lkh-format";
import { solve } from "./solver";

/** A random 7-customer instance, tight enough (capacity, windows) to need several routes. */
function smallInstance(seed: number): LkhInstance {
  const rng = seededRandom(seed);
  const n = 8;
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const x = [25, ...Array.from({ length: n - 1 }, () => int(0, 50))];
  const y = [25, ...Array.from({ length: n - 1 }, () => int(0, 50))];
  const earliest = [0];
  const latest = [200];
  for (let k = 1; k < n; k++) {
    const open = int(0, 120);
    earliest.push(open);
    latest.push(open + int(10, 60));
  }
  const demand = [0, ...Array.from({ length: n - 1 }, () => int(1, 9))];
  return {
    name: `r${seed}`,
    dimension: n,
    vehicles: null,
    capacity: 20,
    serviceTime: 5,
    depot: 1,
    x,
    y,
    demand,
    earliest,
    latest,
  };
}

/** Exhaustive optimum: best single route for every subset (all orders), then best partition. */
function bruteForce(inst: LkhInstance): { vehicles: number; distance: number } {
  const customers = inst.dimension - 1;
  const full = (1 << customers) - 1;
  const routeCost = new Array<number>(full + 1).fill(Infinity);
  const d = (a: number, b: number) => Math.hypot(inst.x[a]! - inst.x[b]!, inst.y[a]! - inst.y[b]!);
  const extend = (mask: number, at: number, time: number, dist: number, load: number) => {
    if (mask) {
      const back = time + d(at, 0);
      if (back <= inst.latest[0]!) routeCost[mask] = Math.min(routeCost[mask]!, dist + d(at, 0));
    }
    for (let c = 0; c < customers; c++) {
      if (mask & (1 << c)) continue;
      const node = c + 1;
      const start = Math.max(time + d(at, node), inst.earliest[node]!);
      if (start > inst.latest[node]! || load + inst.demand[node]! > inst.capacity) continue;
      extend(mask | (1 << c), node, start + inst.serviceTime, dist + d(at, node), load + inst.demand[node]!);
    }
  };
  extend(0, 0, inst.earliest[0]!, 0, 0);
  const best: [number, number][] = new Array(full + 1).fill([Infinity, Infinity]);
  best[0] = [0, 0];
  for (let mask = 1; mask <= full; mask++) {
    const low = mask & -mask; // the lowest customer opens one route; enumerate its route's members
    for (let sub = mask; sub; sub = (sub - 1) & mask) {
      if (!(sub & low) || routeCost[sub] === Infinity) continue;
      const [v, dist] = best[mask ^ sub]!;
      const cand: [number, number] = [v + 1, dist + routeCost[sub]!];
      const cur = best[mask]!;
      if (cand[0] < cur[0] || (cand[0] === cur[0] && cand[1] < cur[1] - 1e-9)) best[mask] = cand;
    }
  }
  return { vehicles: best[full]![0], distance: best[full]![1] };
}

describe("solve on benchmark-shaped instances", () => {
  it.each([1, 2, 3, 4, 5, 6])("finds the proven optimum of random 7-customer instance %i", (seed) => {
    const inst = smallInstance(seed);
    const optimum = bruteForce(inst);
    // Instances where some customer can never be served are not the point here.
    expect(optimum.vehicles).toBeLessThan(Infinity);
    const result = solve(lkhToProblem(inst), { seed: 7, iterations: 1500 });
    const check = checkSolution(
      inst,
      result.routes.map((r) => r.jobIds.map(Number)),
    );
    expect(check.errors).toEqual([]);
    expect(check.vehicles).toBe(optimum.vehicles);
    expect(check.distance).toBeCloseTo(optimum.distance, 6);
  });

  it("gives the same answer for the same seed", () => {
    const problem = lkhToProblem(smallInstance(11));
    const a = solve(problem, { seed: 3, iterations: 400 });
    const b = solve(problem, { seed: 3, iterations: 400 });
    expect(b).toEqual(a);
  });

  it("stops at once and keeps a complete answer when asked to stop", () => {
    const problem = lkhToProblem(smallInstance(12));
    const result = solve(problem, { seed: 1, timeLimitMs: 60_000, shouldStop: () => true });
    expect(result.stoppedBy).toBe("cancelled");
    expect(result.iterations).toBe(0);
    expect(result.unplaced).toEqual([]);
  });
});
