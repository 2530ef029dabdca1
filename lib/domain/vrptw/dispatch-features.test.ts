import { describe, expect, it } from "vitest";
import { legMinutes } from "../gps/eta";
import type { LatLng } from "../gps/geo";
import { compileProblem, type VrpJob, type VrpProblem, type VrpVehicle } from "./model";
import { solve, type SolveResult } from "./solver";
import { haversineMatrix } from "./travel-matrix";

// Places around Montréal; index 0 and 1 are the two technicians' homes. Times are minutes of the day.
const PLACES: LatLng[] = [
  { lat: 45.5, lng: -73.6 }, // home A
  { lat: 45.6, lng: -73.4 }, // home B
  { lat: 45.51, lng: -73.59 },
  { lat: 45.52, lng: -73.58 },
  { lat: 45.59, lng: -73.41 },
  { lat: 45.58, lng: -73.42 },
  { lat: 45.55, lng: -73.5 },
  { lat: 45.53, lng: -73.57 },
];
const matrix = haversineMatrix(PLACES);
const techA: VrpVehicle = { id: "A", startLocation: 0, endLocation: 0, shiftStart: 480, shiftEnd: 1020 };
const techB: VrpVehicle = { id: "B", startLocation: 1, endLocation: 1, shiftStart: 480, shiftEnd: 1020 };
const job = (id: string, location: number, extra: Partial<VrpJob> = {}): VrpJob => ({
  id,
  location,
  service: 60,
  ...extra,
});
const vehicleOf = (result: SolveResult, jobId: string) =>
  result.routes.find((r) => r.jobIds.includes(jobId))?.vehicleId;

/** Replays each route from the problem's own data: windows, shifts and home bases hold. */
function expectRoutesKeepTime(problem: VrpProblem, result: SolveResult) {
  for (const route of result.routes) {
    const v = problem.vehicles.find((x) => x.id === route.vehicleId)!;
    let at = v.startLocation;
    let time = v.shiftStart;
    route.jobIds.forEach((id, k) => {
      const j = problem.jobs.find((x) => x.id === id)!;
      time = Math.max(time + problem.matrix.time(at, j.location), j.earliest ?? -Infinity);
      expect(route.starts[k]).toBeCloseTo(time, 9);
      if (v.underWay !== id) expect(time).toBeLessThanOrEqual(j.latest ?? Infinity);
      time += j.service;
      at = j.location;
    });
    expect(time + problem.matrix.time(at, v.endLocation)).toBeLessThanOrEqual(v.shiftEnd);
  }
}

describe("solve with dispatch constraints", () => {
  it("uses the board's ETA travel times (gps/eta.ts)", () => {
    expect(matrix.time(0, 4)).toBe(legMinutes(PLACES[0]!, PLACES[4]!).minutes);
    expect(matrix.distance(0, 4)).toBe(legMinutes(PLACES[0]!, PLACES[4]!).km);
  });

  it("sends a job only to a technician with the skill at the level it needs", () => {
    const problem: VrpProblem = {
      matrix,
      vehicles: [
        { ...techA, skills: { splicing: 1 } },
        { ...techB, skills: { splicing: 3 } },
      ],
      // Next to A's home, but only B splices at level 2.
      jobs: [job("splice", 2, { skills: { splicing: 2 } }), job("plain", 3)],
    };
    const result = solve(problem, { seed: 1, iterations: 300 });
    expect(vehicleOf(result, "splice")).toBe("B");
    expect(result.unplaced).toEqual([]);
    expectRoutesKeepTime(problem, result);
  });

  it("never moves a pinned job off its technician, whatever the seed", () => {
    const problem: VrpProblem = {
      matrix,
      vehicles: [techA, techB],
      // Job "far" is next to B's home, pinned to A by a dispatcher.
      jobs: [job("far", 4, { lockedTo: "A" }), job("a1", 2), job("b1", 5), job("mid", 6)],
    };
    for (const seed of [1, 2, 3, 4]) {
      const result = solve(problem, { seed, iterations: 300 });
      expect(vehicleOf(result, "far")).toBe("A");
      expectRoutesKeepTime(problem, result);
    }
  });

  it("keeps a job under way first on its technician's route and places the rest after it", () => {
    const problem: VrpProblem = {
      matrix,
      vehicles: [{ ...techA, shiftStart: 600, startLocation: 7, underWay: "on-site" }, techB],
      jobs: [job("on-site", 7, { service: 30, latest: 500 }), job("a1", 2), job("a2", 3), job("b1", 5)],
    };
    const result = solve(problem, { seed: 5, iterations: 300 });
    const routeA = result.routes.find((r) => r.vehicleId === "A")!;
    expect(routeA.jobIds[0]).toBe("on-site");
    expect(result.unplaced).toEqual([]);
    expectRoutesKeepTime(problem, result);
  });

  it("places the higher-priority job when the shift cannot hold both, and says which is left", () => {
    const problem: VrpProblem = {
      matrix,
      vehicles: [{ ...techA, shiftEnd: 480 + 200 }],
      jobs: [job("low", 2, { service: 120, priority: 1 }), job("high", 3, { service: 120, priority: 5 })],
    };
    const result = solve(problem, { seed: 1, iterations: 200 });
    expect(result.routes.map((r) => r.jobIds)).toEqual([["high"]]);
    expect(result.unplaced).toEqual(["low"]);
  });

  it("prefers fewer technicians over less travel", () => {
    const problem: VrpProblem = {
      matrix,
      vehicles: [techA, techB],
      jobs: [job("a1", 2), job("b1", 4), job("b2", 5)],
    };
    const result = solve(problem, { seed: 1, iterations: 500 });
    expect(result.vehicles).toBe(1);
    expectRoutesKeepTime(problem, result);
  });

  it("respects windows and waits for them to open", () => {
    const problem: VrpProblem = {
      matrix,
      vehicles: [techA],
      jobs: [job("late", 2, { earliest: 900, latest: 910 }), job("early", 3, { earliest: 480, latest: 540 })],
    };
    const result = solve(problem, { seed: 1, iterations: 100 });
    expect(result.routes[0]!.jobIds).toEqual(["early", "late"]);
    expect(result.routes[0]!.starts[1]).toBe(900);
    expectRoutesKeepTime(problem, result);
  });

  it("puts a two-technician job on two technicians who start it together, and keeps them together", () => {
    const problem: VrpProblem = {
      matrix,
      vehicles: [techA, techB, { ...techA, id: "C", startLocation: 1, endLocation: 1 }],
      jobs: [
        job("pull", 6, { technicians: 2, earliest: 480, latest: 1000, service: 90 }),
        job("a1", 2, { earliest: 480, latest: 560 }),
        job("a2", 3),
        job("b1", 4, { earliest: 480, latest: 560 }),
        job("b2", 5),
      ],
    };
    for (const seed of [1, 2, 3]) {
      const result = solve(problem, { seed, iterations: 800 });
      const onPull = result.routes.filter((r) => r.jobIds.includes("pull"));
      expect(onPull).toHaveLength(2);
      expect(onPull[0]!.vehicleId).not.toBe(onPull[1]!.vehicleId);
      const starts = onPull.map((r) => r.starts[r.jobIds.indexOf("pull")]!);
      expect(starts[0]).toBe(starts[1]);
      expect(result.unplaced).toEqual([]);
      // Each technician's route, replayed, reaches the job by the shared start.
      for (const r of onPull) {
        const v = problem.vehicles.find((x) => x.id === r.vehicleId)!;
        let at = v.startLocation;
        let time = v.shiftStart;
        for (const id of r.jobIds) {
          const j = problem.jobs.find((x) => x.id === id)!;
          time = Math.max(time + matrix.time(at, j.location), id === "pull" ? starts[0]! : (j.earliest ?? 0));
          expect(time).toBeLessThanOrEqual(id === "pull" ? starts[0]! : (j.latest ?? Infinity));
          time += j.service;
          at = j.location;
        }
        expect(time + matrix.time(at, v.endLocation)).toBeLessThanOrEqual(v.shiftEnd);
      }
    }
  });

  it("leaves a two-technician job unplaced when only one technician exists", () => {
    const problem: VrpProblem = { matrix, vehicles: [techA], jobs: [job("pull", 6, { technicians: 2 }), job("a1", 2)] };
    const result = solve(problem, { seed: 1, iterations: 100 });
    expect(result.unplaced).toEqual(["pull"]);
    expect(result.routes.map((r) => r.jobIds)).toEqual([["a1"]]);
  });

  it("answers an empty day, and a day without technicians leaves every job unplaced", () => {
    expect(solve({ matrix, vehicles: [techA], jobs: [] }, { seed: 1, iterations: 10 })).toMatchObject({
      routes: [],
      unplaced: [],
      vehicles: 0,
      distance: 0,
    });
    const none = solve({ matrix, vehicles: [], jobs: [job("a", 2), job("b", 3)] }, { seed: 1, iterations: 10 });
    expect(none).toMatchObject({ routes: [], unplaced: ["a", "b"], vehicles: 0 });
  });

  it("a re-plan keeps assigned jobs on their technician unless moving one is worth its price", () => {
    // Places 4 and 5 are beside B's home; the live plan has them on A, in A's afternoon.
    const jobs = [
      job("near-b-1", 4, { assignedTo: "A", plannedStart: 600 }),
      job("near-b-2", 5, { assignedTo: "A", plannedStart: 700 }),
      job("a-own", 2, { assignedTo: "A", plannedStart: 500 }),
    ];
    const problem: VrpProblem = { matrix, vehicles: [techA, techB], jobs };
    const onB = (result: SolveResult) => ["near-b-1", "near-b-2"].filter((id) => vehicleOf(result, id) === "B");
    // Without a price, distance alone sends them to B (no route minimisation in a re-plan).
    const free = solve(problem, { seed: 1, iterations: 200, minimiseRoutes: false });
    expect(onB(free)).toEqual(["near-b-1", "near-b-2"]);
    expect(free.moved).toBe(2);
    // Priced above what they save, they stay with the technician the live plan has them on.
    const kept = solve(problem, { seed: 1, iterations: 200, minimiseRoutes: false, movePenalty: 100 });
    expect(kept.moved).toBe(0);
    expect(kept.routes.map((r) => [r.vehicleId, [...r.jobIds].sort()])).toEqual([
      ["A", ["a-own", "near-b-1", "near-b-2"]],
    ]);
    expectRoutesKeepTime(problem, kept);
  });

  it("a pin overrides skills: the dispatcher put the job there", () => {
    const problem: VrpProblem = {
      matrix,
      vehicles: [techA, { ...techB, skills: { splicing: 3 } }],
      jobs: [job("pinned", 2, { skills: { splicing: 3 }, lockedTo: "A" }), job("free", 3, { skills: { splicing: 3 } })],
    };
    const result = solve(problem, { seed: 1, iterations: 50 });
    expect(vehicleOf(result, "pinned")).toBe("A");
    expect(vehicleOf(result, "free")).toBe("B");
  });

  it("a pinned job with its window closed to its start keeps both its technician and its time", () => {
    const jobs = [job("pin", 4, { lockedTo: "A", earliest: 720, latest: 720 }), job("a", 2), job("b", 5)];
    const problem: VrpProblem = { matrix, vehicles: [techA, techB], jobs };
    for (const seed of [1, 2, 3]) {
      const result = solve(problem, { seed, iterations: 200 });
      const route = result.routes.find((r) => r.vehicleId === "A")!;
      expect(route.starts[route.jobIds.indexOf("pin")]).toBe(720);
      expectRoutesKeepTime(problem, result);
    }
  });

  it.each([
    [
      "a pin to an unknown technician",
      { jobs: [job("x", 2, { lockedTo: "Z" })] },
      /job x: locked to unknown vehicle "Z"/,
    ],
    ["a location outside the matrix", { jobs: [job("x", 99)] }, /job x: location 99 is not in the matrix/],
    ["a window that closes before it opens", { jobs: [job("x", 2, { earliest: 10, latest: 5 })] }, /window closes/],
    [
      "three technicians on a job",
      { jobs: [job("x", 2, { technicians: 3 as 2 })] },
      /job x: technicians must be 1 or 2/,
    ],
    ["a duplicate job id", { jobs: [job("x", 2), job("x", 3)] }, /job id "x" appears twice/],
    ["an unknown job under way", { vehicles: [{ ...techA, underWay: "nope" }] }, /job under way "nope" is unknown/],
  ])("rejects %s with a clear error", (_what, patch, message) => {
    const problem: VrpProblem = { matrix, vehicles: [techA], jobs: [job("ok", 2)], ...patch };
    expect(() => compileProblem(problem)).toThrow(message);
  });
});
