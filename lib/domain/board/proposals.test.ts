import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { solve } from "../vrptw/solver";
import { readBoard, upsertJob } from "./doc";
import {
  acceptanceChanges,
  acceptProposal,
  buildPlanningProblem,
  discardProposal,
  proposalConflicts,
  proposalFromSolution,
  readProposals,
  undoScope,
  writeProposal,
  type BoardProposal,
} from "./proposals";
import { boardDoc, job, snapshotOf, tech } from "./test-fixtures";

const EARLY = Date.parse("2026-06-15T06:00:00-04:00");
const techs = [tech("a", { homeLat: 45.5, homeLng: -73.6 }), tech("b", { homeLat: 45.6, homeLng: -73.5 })];

function proposal(overrides: Partial<BoardProposal> = {}): BoardProposal {
  return {
    id: "p1",
    author: "u1",
    authorName: "Ana",
    createdAt: "2026-06-15T11:00:00.000Z",
    scope: "all",
    region: null,
    status: "open",
    base: {
      j1: { techId: null, start: null },
      j2: { techId: "a", start: "2026-06-15T13:00:00.000Z" },
      j3: { techId: "b", start: "2026-06-15T14:00:00.000Z" },
    },
    routes: {
      a: [{ jobId: "j1", start: "2026-06-15T12:30:00.000Z" }],
      b: [
        { jobId: "j2", start: "2026-06-15T13:00:00.000Z" },
        { jobId: "j3", start: "2026-06-15T15:00:00.000Z" },
      ],
    },
    unplaced: [],
    figures: {
      jobsInScope: 3,
      jobsPlacedBefore: 2,
      jobsPlaced: 3,
      travelMinutesBefore: 10,
      travelMinutes: 8,
      distanceKmBefore: 9,
      distanceKm: 7,
      windowsKept: 0,
      windowsTotal: 0,
      overtimeMinutes: 0,
    },
    acceptedTechs: [],
    decidedBy: null,
    ...overrides,
  };
}

const liveJobs = () => [
  job("j1"),
  job("j2", { techId: "a", status: "assigned", start: "2026-06-15T13:00:00.000Z" }),
  job("j3", { techId: "b", status: "assigned", start: "2026-06-15T14:00:00.000Z" }),
];

describe("buildPlanningProblem", () => {
  const jobs = [
    job("free", { lat: 45.52, lng: -73.58 }),
    job("held", { techId: "a", status: "assigned", start: "2026-06-15T13:00:00.000Z" }),
    job("going", { techId: "b", status: "en_route", start: "2026-06-15T12:00:00.000Z" }),
    job("done", { techId: "b", status: "done", start: "2026-06-15T12:00:00.000Z" }),
    job("win", { windowStart: "2026-06-15T13:00:00.000Z", windowEnd: "2026-06-15T15:00:00.000Z", durationMin: 30 }),
  ];
  it.each([
    ["all", undefined],
    ["unlocked", "a"],
  ] as const)("scope %s: held job locked to %s, job under way first, done jobs left out", (scope, heldTo) => {
    const { problem, jobIds, originMs } = buildPlanningProblem(snapshotOf(techs, jobs), scope, EARLY);
    expect(jobIds.sort()).toEqual(["free", "going", "held", "win"]);
    expect(problem.jobs.find((j) => j.id === "held")!.lockedTo).toBe(heldTo);
    expect(problem.vehicles.find((v) => v.id === "b")!.underWay).toBe("going");
    const win = problem.jobs.find((j) => j.id === "win")!;
    // Window 13:00–15:00Z; origin = 08:00-04:00 = 12:00Z; the visit (30 min) must end by 15:00Z.
    expect(originMs).toBe(Date.parse("2026-06-15T12:00:00.000Z"));
    expect([win.earliest, win.latest]).toEqual([60, 150]);
  });

  it("scope region: the region's jobs on its technicians; their other jobs held, other routes left alone", () => {
    const board = snapshotOf(
      [...techs, tech("c")],
      [...jobs, job("elsewhere", { techId: "c", status: "assigned", start: "2026-06-15T13:00:00.000Z" })],
    );
    const region = { jobIds: new Set(["free", "win"]), techIds: new Set(["a", "b"]) };
    const { problem, jobIds } = buildPlanningProblem(board, "region", EARLY, region);
    expect(problem.vehicles.map((v) => v.id).sort()).toEqual(["a", "b"]);
    expect(jobIds.sort()).toEqual(["free", "going", "held", "win"]);
    expect(problem.jobs.find((j) => j.id === "held")!.lockedTo).toBe("a");
    expect(problem.jobs.find((j) => j.id === "free")!.lockedTo).toBeUndefined();
  });

  it("a pinned job is held on its technician at its start, in every scope", () => {
    const pinned = jobs.map((j) => (j.id === "held" ? { ...j, locked: true } : j));
    for (const scope of ["all", "unlocked"] as const) {
      const { problem } = buildPlanningProblem(snapshotOf(techs, pinned), scope, EARLY);
      // 13:00Z is 60 minutes after the origin (08:00-04:00).
      expect(problem.jobs.find((j) => j.id === "held")).toMatchObject({ lockedTo: "a", earliest: 60, latest: 90 });
    }
  });

  it("a solved proposal never moves a pinned job, even one the solver would rather move", () => {
    // Pinned on b, far from b's home and right beside a's: unpinned, it goes to a at another time.
    const far = tech("b", { homeLat: 46.2, homeLng: -72.5 });
    const live = [
      job("pin", { techId: "b", status: "assigned", start: "2026-06-15T15:00:00.000Z", lat: 45.5, lng: -73.6 }),
      job("other", { lat: 45.51, lng: -73.59 }),
    ];
    const solveWith = (locked: boolean) => {
      const board = snapshotOf(
        [techs[0]!, far],
        live.map((j) => (j.id === "pin" ? { ...j, locked } : j)),
      );
      const planning = buildPlanningProblem(board, "all", EARLY);
      return {
        board,
        content: proposalFromSolution(board, planning, solve(planning.problem, { seed: 1, iterations: 300 })),
      };
    };
    const unpinned = solveWith(false).content;
    expect(unpinned.routes.a!.map((s) => s.jobId)).toContain("pin");
    const { board, content } = solveWith(true);
    expect(content.routes.b).toContainEqual({ jobId: "pin", start: "2026-06-15T15:00:00.000Z" });
    const made = proposal({ base: content.base, routes: content.routes });
    expect(acceptanceChanges(board, made).map((c) => c.jobId)).not.toContain("pin");
  });

  it("plans nothing before now", () => {
    const now = Date.parse("2026-06-15T14:00:00.000Z");
    const { problem } = buildPlanningProblem(snapshotOf(techs, jobs), "all", now);
    expect(problem.vehicles.every((v) => v.shiftStart === 120)).toBe(true);
  });

  it("a solved proposal places every job inside its window and counts its figures", () => {
    const board = snapshotOf(techs, jobs);
    const planning = buildPlanningProblem(board, "all", EARLY);
    const result = solve(planning.problem, { seed: 1, iterations: 200 });
    const content = proposalFromSolution(board, planning, result);
    expect(content.unplaced).toEqual([]);
    expect(content.figures).toMatchObject({ jobsInScope: 4, jobsPlacedBefore: 2, jobsPlaced: 4, windowsKept: 1 });
    expect(content.routes.b![0]!.jobId).toBe("going");
    expect(content.base.held).toEqual({ techId: "a", start: "2026-06-15T13:00:00.000Z" });
  });
});

describe("proposalConflicts and acceptanceChanges", () => {
  it.each([
    ["nothing moved", {}, [], ["j1", "j2", "j3"]],
    ["j3 moved live", { j3: { start: "2026-06-15T14:30:00.000Z" } }, ["j3"], ["j1", "j2"]],
    ["j1 assigned live", { j1: { techId: "b", start: "2026-06-15T12:00:00.000Z" } }, ["j1"], ["j2", "j3"]],
    ["j2 cancelled", { j2: { status: "cancelled" as const } }, ["j2"], ["j1", "j3"]],
    // Pinned after the proposal was made: the proposal moves it, the pin wins.
    ["j3 pinned live", { j3: { locked: true } }, ["j3"], ["j1", "j2"]],
    ["j2 pinned live", { j2: { locked: true } }, ["j2"], ["j1", "j3"]],
  ])("%s", (_, edits: Record<string, object>, conflicts: string[], changed: string[]) => {
    const jobs = liveJobs().map((j) => ({ ...j, ...(edits[j.id] ?? {}) }));
    const board = snapshotOf(techs, jobs);
    expect(proposalConflicts(board, proposal())).toEqual(conflicts);
    expect(acceptanceChanges(board, proposal()).map((c) => c.jobId)).toEqual(changed);
  });

  it("per technician: only that technician's route, and not again once accepted", () => {
    const board = snapshotOf(techs, liveJobs());
    expect(acceptanceChanges(board, proposal(), ["a"]).map((c) => c.jobId)).toEqual(["j1"]);
    expect(acceptanceChanges(board, proposal({ acceptedTechs: ["a"] })).map((c) => c.jobId)).toEqual(["j2", "j3"]);
  });
});

describe("acceptProposal / discardProposal on a document", () => {
  function setup() {
    const doc = boardDoc(techs, liveJobs());
    writeProposal(doc, proposal());
    const origin = { kind: "local-board-edit" };
    const undo = new Y.UndoManager(undoScope(doc), { trackedOrigins: new Set([origin]) });
    return { doc, origin, undo };
  }

  it("accepting one technician writes its jobs and the proposal in one undoable step", () => {
    const { doc, origin, undo } = setup();
    expect(acceptProposal(doc, "p1", "u2", origin, ["a"])).toEqual({ ok: true, changed: 1 });
    expect(readBoard(doc).jobs.j1).toMatchObject({
      techId: "a",
      status: "assigned",
      start: "2026-06-15T12:30:00.000Z",
    });
    expect(readProposals(doc)[0]).toMatchObject({ status: "open", acceptedTechs: ["a"], decidedBy: "u2" });
    undo.undo();
    expect(readBoard(doc).jobs.j1).toMatchObject({ techId: null, status: "unassigned", start: null });
    expect(readProposals(doc)[0]).toMatchObject({ status: "open", acceptedTechs: [] });
    expect(undo.canUndo()).toBe(false);
  });

  it("accepting the rest closes it; a closed proposal refuses and changes nothing", () => {
    const { doc, origin } = setup();
    acceptProposal(doc, "p1", "u2", origin, ["a"]);
    expect(acceptProposal(doc, "p1", "u2", origin)).toEqual({ ok: true, changed: 2 });
    expect(readProposals(doc)[0]).toMatchObject({ status: "accepted", acceptedTechs: ["a", "b"] });
    const before = Y.encodeStateVector(doc);
    expect(acceptProposal(doc, "p1", "u2", origin)).toEqual({ ok: false, code: "proposal_closed" });
    expect(discardProposal(doc, "p1", "u2", origin)).toEqual({ ok: false, code: "proposal_closed" });
    expect(acceptProposal(doc, "nope", "u2", origin)).toEqual({ ok: false, code: "proposal_missing" });
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it("a job moved live after the proposal is left as the live plan says", () => {
    const { doc, origin } = setup();
    upsertJob(doc, { id: "j3", start: "2026-06-15T14:30:00.000Z" });
    acceptProposal(doc, "p1", "u2", origin);
    expect(readBoard(doc).jobs.j3!.start).toBe("2026-06-15T14:30:00.000Z");
    expect(readBoard(doc).jobs.j1!.techId).toBe("a");
  });

  it("discard closes it without touching jobs", () => {
    const { doc, origin } = setup();
    const jobsBefore = readBoard(doc).jobs;
    expect(discardProposal(doc, "p1", "u2", origin)).toEqual({ ok: true, changed: 0 });
    expect(readProposals(doc)[0]!.status).toBe("discarded");
    expect(readBoard(doc).jobs).toEqual(jobsBefore);
  });
});
