import { describe, expect, it } from "vitest";
import { legMinutes } from "../gps/eta";
import { solve } from "../vrptw/solver";
import { plannedDay } from "./day-fixture";
import { buildPlanningProblem, proposalFromSolution, type PlanningProblem } from "./proposals";
import {
  buildReplanProblem,
  keepPlannedStarts,
  REPLAN_OBJECTIVE,
  replanReasons,
  type TechnicianPosition,
} from "./replan";
import { job, snapshotOf, tech } from "./test-fixtures";
import { MINUTE_MS, parseInstant } from "./time";
import type { BoardJob, BoardSnapshot } from "./types";

const local = (hhmm: string) => `2026-06-15T${hhmm}:00-04:00`;
const NOON = Date.parse(local("12:00"));

function replan(board: BoardSnapshot, nowMs: number, positions: Record<string, TechnicianPosition> = {}) {
  const planning = buildReplanProblem(board, nowMs, positions);
  const result = solve(planning.problem, { seed: 1, iterations: 400, ...REPLAN_OBJECTIVE });
  return {
    planning,
    result,
    content: proposalFromSolution(board, planning, keepPlannedStarts(board, planning, result)),
  };
}

/** Where each job is in a proposal's routes. */
function techOf(routes: Record<string, Array<{ jobId: string }>>): Record<string, string> {
  return Object.fromEntries(Object.entries(routes).flatMap(([t, stops]) => stops.map((s) => [s.jobId, t])));
}

/** Open, assigned, not under way: the jobs a re-plan could move to someone else. */
const movable = (board: BoardSnapshot) =>
  Object.values(board.jobs).filter((j) => j.status === "assigned" && j.techId !== null);

function withJobs(board: BoardSnapshot, edit: (jobs: Record<string, BoardJob>) => void): BoardSnapshot {
  const jobs = Object.fromEntries(Object.entries(board.jobs).map(([id, j]) => [id, { ...j }]));
  edit(jobs);
  return { ...board, jobs };
}

describe("re-plan during the day changes as little as it can", () => {
  const { board: day, nowMs } = plannedDay({ techs: 6, jobs: 48, seed: 11 });

  it("the fixture is a day under way: jobs done, on site, en route and still ahead", () => {
    const statuses = new Set(Object.values(day.jobs).map((j) => j.status));
    for (const s of ["done", "on_site", "assigned"] as const) expect(statuses).toContain(s);
    expect(movable(day).length).toBeGreaterThan(10);
  });

  /** Assigned jobs a proposal gives to another technician. */
  const movedIn = (board: BoardSnapshot, routes: Record<string, Array<{ jobId: string }>>) => {
    const placed = techOf(routes);
    return movable(board).filter((j) => placed[j.id] !== undefined && placed[j.id] !== j.techId).length;
  };

  it.each([11, 12, 13, 14])(
    "after a cancellation (day %i), it moves at most two assigned jobs, and fewer than a plan from scratch",
    (seed) => {
      const { board: planned, nowMs: at } = plannedDay({ techs: 6, jobs: 48, seed });
      const victim = movable(planned)[0]!;
      const board = withJobs(planned, (jobs) => (jobs[victim.id]!.status = "cancelled"));
      const { content, result, planning } = replan(board, at);
      expect(planning.jobIds).not.toContain(victim.id);
      expect(movedIn(board, content.routes)).toBe(result.moved);
      expect(result.moved).toBeLessThanOrEqual(2);
      // Jobs on site and done are not the re-plan's: they are neither in it nor changed by it.
      for (const j of Object.values(board.jobs))
        if (j.status === "on_site" || j.status === "done") expect(content.base[j.id]).toBeUndefined();

      // The same board planned from scratch (scope "all") reshuffles technicians much more.
      const fresh: PlanningProblem = buildPlanningProblem(board, "all", at);
      const scratch = proposalFromSolution(board, fresh, solve(fresh.problem, { seed: 1, iterations: 400 }));
      expect(movedIn(board, scratch.routes)).toBeGreaterThan(result.moved);
    },
  );

  it("a job added mid-day is placed, and no assigned job changes technician for it", () => {
    const tech1 = day.techs.t1!;
    const added = job("new", {
      lat: tech1.homeLat + 0.01,
      lng: tech1.homeLng,
      windowStart: local("13:00"),
      windowEnd: local("17:00"),
      durationMin: 30,
    });
    const board = withJobs(day, (jobs) => (jobs.new = added));
    const { content, result } = replan(board, nowMs);
    expect(content.unplaced).not.toContain("new");
    expect(techOf(content.routes).new).toBeDefined();
    expect(result.moved).toBe(0);
  });

  it("nothing is planned before now, and every start is reachable from where the technician is", () => {
    const { content } = replan(day, nowMs);
    for (const stops of Object.values(content.routes))
      for (const stop of stops)
        if (day.jobs[stop.jobId]!.status !== "en_route")
          expect(parseInstant(stop.start)!).toBeGreaterThanOrEqual(nowMs);
  });
});

describe("a job the live plan has on a technician", () => {
  it("is not dropped for a new one of the same priority, even a cheaper one", () => {
    // One slot left before 17:00: the planned job (further away) or the new one (nearer home).
    const t = tech("t", { shiftStart: local("08:00"), shiftEnd: local("17:30"), homeLat: 45.5, homeLng: -73.6 });
    const window = { windowStart: local("16:00"), windowEnd: local("17:00"), durationMin: 45 };
    const board = snapshotOf(
      [t],
      [
        job("planned", { ...window, techId: "t", status: "assigned", start: local("16:00"), lat: 45.53 }),
        job("new", { ...window, lat: 45.505 }),
      ],
    );
    const { content } = replan(board, Date.parse(local("16:00")));
    expect(content.unplaced).toEqual(["new"]);
    expect(techOf(content.routes)).toEqual({ planned: "t" });
  });
});

describe("a technician who falls behind", () => {
  // At noon a is still on site at a0 (planned 09:00–10:00), some 15 km from a1, which must end by
  // 12:40: a can no longer make it.
  const a = tech("a", { shiftStart: local("08:00"), shiftEnd: local("17:00"), homeLat: 45.5, homeLng: -73.6 });
  const b = tech("b", { shiftStart: local("08:00"), shiftEnd: local("17:00"), homeLat: 45.52, homeLng: -73.58 });
  const jobs = [
    job("a0", { techId: "a", status: "on_site", start: local("09:00"), durationMin: 60, lat: 45.45, lng: -73.7 }),
    job("a1", {
      techId: "a",
      status: "assigned",
      start: local("11:00"),
      durationMin: 30,
      windowStart: local("10:00"),
      windowEnd: local("12:40"),
      lat: 45.51,
      lng: -73.59,
    }),
    job("a2", {
      techId: "a",
      status: "assigned",
      start: local("14:00"),
      durationMin: 60,
      windowStart: local("13:00"),
      windowEnd: local("16:00"),
      lat: 45.5,
      lng: -73.61,
    }),
    job("b1", {
      techId: "b",
      status: "assigned",
      start: local("13:30"),
      durationMin: 60,
      windowStart: local("13:00"),
      windowEnd: local("15:00"),
      lat: 45.53,
      lng: -73.57,
    }),
  ];
  const board = snapshotOf([a, b], jobs);

  it("hands over only the job they can no longer make; the rest stays put", () => {
    // b's GPS fix puts b right beside a1 at noon.
    const positions = { b: { lat: 45.511, lng: -73.591, fixTime: new Date(NOON - MINUTE_MS).toISOString() } };
    const { content } = replan(board, NOON, positions);
    expect(techOf(content.routes)).toEqual({ a1: "b", a2: "a", b1: "b" });
    expect(content.base.a0).toBeUndefined();
    const a1 = content.routes.b!.find((s) => s.jobId === "a1")!;
    expect(parseInstant(a1.start)! + 30 * MINUTE_MS).toBeLessThanOrEqual(Date.parse(local("12:40")));
    // Jobs that stay with their technician keep the time the customer was given: nothing to change.
    const startOf = (techId: string, jobId: string) =>
      parseInstant(content.routes[techId]!.find((s) => s.jobId === jobId)!.start);
    expect(startOf("a", "a2")).toBe(Date.parse(local("14:00")));
    expect(startOf("b", "b1")).toBe(Date.parse(local("13:30")));
  });

  it("a technician gone off shift hands over all their jobs still ahead", () => {
    const offShift = snapshotOf([{ ...a, shiftEnd: local("11:30") }, b], jobs);
    const { planning, content } = replan(offShift, NOON);
    expect(planning.problem.vehicles.map((v) => v.id)).toEqual(["b"]);
    expect(techOf(content.routes).a2).toBe("b");
  });
});

describe("buildReplanProblem: where each technician starts", () => {
  const home = { homeLat: 45.5, homeLng: -73.6 };
  const fresh = { lat: 45.7, lng: -73.3, fixTime: new Date(NOON - 2 * MINUTE_MS).toISOString() };
  const stale = { lat: 45.7, lng: -73.3, fixTime: new Date(NOON - 3 * 60 * MINUTE_MS).toISOString() };
  const done = job("d", { techId: "t", status: "done", start: local("10:00"), lat: 45.6, lng: -73.4 });
  const onSite = job("o", { techId: "t", status: "on_site", start: local("11:30"), durationMin: 90, lat: 45.55 });
  it.each([
    ["a fresh GPS fix", [], { t: fresh }, { lat: 45.7, lng: -73.3 }, 0],
    ["a stale fix: home", [], { t: stale }, { lat: 45.5, lng: -73.6 }, 0],
    ["no fix, a job done this morning: there", [done], {}, { lat: 45.6, lng: -73.4 }, 0],
    ["on site: there, until the job's planned end", [onSite], { t: fresh }, { lat: 45.55, lng: -73.6 }, 60],
  ] as const)("%s", (_what, jobs, positions, start, freeInMinutes) => {
    const board = snapshotOf([tech("t", home)], [...jobs]);
    const { problem } = buildReplanProblem(board, NOON, positions);
    const [vehicle] = problem.vehicles;
    expect(vehicle!.shiftStart).toBe(freeInMinutes);
    // The start's distance to the expected place is zero.
    const hop = problem.matrix.distance(vehicle!.startLocation, vehicle!.endLocation);
    expect(hop).toBeCloseTo(legMinutes(start, { lat: home.homeLat, lng: home.homeLng }).km, 6);
  });
});

describe("replanReasons", () => {
  it("counts jobs waiting for a technician and open jobs an ETA says will be late", () => {
    const board = snapshotOf(
      [tech("t")],
      [job("w"), job("x", { techId: "t", status: "assigned" }), job("y", { techId: "t", status: "done" })],
    );
    expect(replanReasons(board, ["x", "y", "gone"])).toEqual({ waiting: 1, late: 1 });
  });
});
