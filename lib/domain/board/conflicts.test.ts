import { describe, expect, it } from "vitest";
import { detectConflicts, intervalsOverlap } from "./conflicts";
import { job, snapshotOf, tech } from "./test-fixtures";
import type { BoardConflict, BoardJob, BoardTech } from "./types";

const T1 = tech("t1", { skills: ["fiber", "splice"] });
const at = (id: string, start: string, durationMin = 60, more: Partial<BoardJob> = {}) =>
  job(id, { status: "assigned", techId: "t1", start, durationMin, ...more });

function conflicts(jobs: BoardJob[], techs: BoardTech[] = [T1]): Record<string, BoardConflict[]> {
  return detectConflicts(snapshotOf(techs, jobs));
}

describe("overlaps on one technician", () => {
  it.each<[string, BoardJob[], Record<string, BoardConflict[]>]>([
    [
      "touching intervals are not overlaps",
      [at("a", "2026-06-15T09:00:00-04:00"), at("b", "2026-06-15T10:00:00-04:00")],
      {},
    ],
    [
      "same end instant, other offset, still touching",
      [at("a", "2026-06-15T09:00:00-04:00"), at("b", "2026-06-15T14:00:00Z")],
      {},
    ],
    [
      "one minute of overlap",
      [at("a", "2026-06-15T09:00:00-04:00"), at("b", "2026-06-15T09:59:00-04:00")],
      { a: [{ kind: "overlap", otherJobId: "b" }], b: [{ kind: "overlap", otherJobId: "a" }] },
    ],
    [
      "containment",
      [at("a", "2026-06-15T09:00:00-04:00", 180), at("b", "2026-06-15T10:00:00-04:00", 30)],
      { a: [{ kind: "overlap", otherJobId: "b" }], b: [{ kind: "overlap", otherJobId: "a" }] },
    ],
    [
      "done and cancelled jobs are ignored",
      [
        at("a", "2026-06-15T09:00:00-04:00"),
        at("b", "2026-06-15T09:00:00-04:00", 60, { status: "done" }),
        at("c", "2026-06-15T09:00:00-04:00", 60, { status: "cancelled" }),
      ],
      {},
    ],
    [
      "other technicians do not collide",
      [at("a", "2026-06-15T09:00:00-04:00"), at("b", "2026-06-15T09:00:00-04:00", 60, { techId: "t2" })],
      {},
    ],
    [
      "jobs without a start are not on the timeline",
      [at("a", "2026-06-15T09:00:00-04:00"), job("b", { status: "assigned", techId: "t1" })],
      {},
    ],
    [
      "three-way, sorted by other job",
      [
        at("c", "2026-06-15T09:00:00-04:00"),
        at("a", "2026-06-15T09:15:00-04:00"),
        at("b", "2026-06-15T09:30:00-04:00"),
      ],
      {
        a: [
          { kind: "overlap", otherJobId: "b" },
          { kind: "overlap", otherJobId: "c" },
        ],
        b: [
          { kind: "overlap", otherJobId: "a" },
          { kind: "overlap", otherJobId: "c" },
        ],
        c: [
          { kind: "overlap", otherJobId: "a" },
          { kind: "overlap", otherJobId: "b" },
        ],
      },
    ],
  ])("%s", (_name, jobs, expected) => {
    expect(conflicts(jobs, [T1, tech("t2")])).toEqual(expected);
  });

  it("treats intervals as half-open", () => {
    expect(intervalsOverlap({ start: 0, end: 10 }, { start: 10, end: 20 })).toBe(false);
    expect(intervalsOverlap({ start: 0, end: 11 }, { start: 10, end: 20 })).toBe(true);
  });
});

describe("windows", () => {
  const w = (
    windowStart: string | null,
    windowEnd: string | null,
    start = "2026-06-15T09:00:00-04:00",
    durationMin = 60,
  ) => conflicts([at("a", start, durationMin, { windowStart, windowEnd })]).a ?? [];
  it.each<[string, BoardConflict[]]>([
    ["both null", w(null, null)],
    ["start only, respected", w("2026-06-15T09:00:00-04:00", null)],
    ["end only, respected exactly", w(null, "2026-06-15T10:00:00-04:00")],
    ["inside both", w("2026-06-15T08:00:00-04:00", "2026-06-15T12:00:00-04:00")],
  ])("%s: no conflict", (_name, found) => expect(found).toEqual([]));
  it.each<[string, BoardConflict[]]>([
    ["starts before windowStart", w("2026-06-15T09:15:00-04:00", null)],
    ["ends after windowEnd", w(null, "2026-06-15T09:45:00-04:00")],
    [
      "unassigned job with a start is still checked",
      conflicts([job("a", { start: "2026-06-15T07:00:00-04:00", windowStart: "2026-06-15T08:00:00-04:00" })]).a ?? [],
    ],
  ])("%s: outside_window", (_name, found) => expect(found).toEqual([{ kind: "outside_window" }]));
});

describe("technician checks", () => {
  it.each<[string, BoardJob, BoardConflict[] | undefined]>([
    ["skills covered", at("a", "2026-06-15T09:00:00-04:00", 60, { skills: ["fiber"] }), undefined],
    [
      "missing skills, sorted and unique",
      at("a", "2026-06-15T09:00:00-04:00", 60, { skills: ["ont", "fiber", "aerial", "ont"] }),
      [{ kind: "skill_mismatch", missingSkills: ["aerial", "ont"] }],
    ],
    [
      "unknown technician",
      at("a", "2026-06-15T09:00:00-04:00", 60, { techId: "ghost", skills: ["x"] }),
      [{ kind: "unknown_technician" }],
    ],
    ["starts before shift", at("a", "2026-06-15T07:45:00-04:00"), [{ kind: "outside_shift" }]],
    ["ends after shift", at("a", "2026-06-15T15:30:00-04:00"), [{ kind: "outside_shift" }]],
    ["ends exactly at shift end", at("a", "2026-06-15T15:00:00-04:00"), undefined],
    [
      "skill and shift, in fixed kind order",
      at("a", "2026-06-15T18:00:00-04:00", 60, { skills: ["ont"], windowEnd: "2026-06-15T12:00:00-04:00" }),
      [{ kind: "skill_mismatch", missingSkills: ["ont"] }, { kind: "outside_shift" }, { kind: "outside_window" }],
    ],
    ["unassigned jobs have no technician checks", job("a", { skills: ["ont"] }), undefined],
  ])("%s", (_name, j, expected) => expect(conflicts([j]).a).toEqual(expected));

  it("skips the shift check when the shift is unreadable", () => {
    expect(
      conflicts([at("a", "2026-06-15T22:00:00-04:00")], [tech("t1", { shiftStart: "", shiftEnd: "soon" })]),
    ).toEqual({});
  });
});

describe("DST days in America/Toronto", () => {
  const shift = (day: string, offset: string) =>
    tech("t1", { shiftStart: `${day}T00:00:00-05:00`, shiftEnd: `${day}T23:00:00${offset}` });
  it.each<[string, BoardJob[], string[]]>([
    // 2026-03-08: 02:00 EST jumps to 03:00 EDT. 01:30 EST + 60 min ends at 03:30 EDT, so a 03:00 EDT job overlaps.
    [
      "spring forward: overlap across the gap",
      [at("a", "2026-03-08T01:30:00-05:00"), at("b", "2026-03-08T03:00:00-04:00")],
      ["a", "b"],
    ],
    [
      "spring forward: touching across the gap",
      [at("a", "2026-03-08T01:00:00-05:00"), at("b", "2026-03-08T03:00:00-04:00")],
      [],
    ],
    // 2026-11-01: 02:00 EDT falls back to 01:00 EST; 01:15 EST is after 01:30 EDT ends (06:00Z).
    [
      "fall back: repeated hour, no overlap",
      [at("a", "2026-11-01T01:30:00-04:00", 30), at("b", "2026-11-01T01:15:00-05:00")],
      [],
    ],
    [
      "fall back: same instant, other offset",
      [at("a", "2026-11-01T01:30:00-05:00"), at("b", "2026-11-01T06:00:00Z")],
      ["a", "b"],
    ],
  ])("%s", (_name, jobs, overlapping) => {
    const day = jobs[0]!.start!.slice(0, 10);
    const found = conflicts(jobs, [shift(day, day === "2026-03-08" ? "-04:00" : "-05:00")]);
    expect(Object.keys(found)).toEqual(overlapping);
    for (const id of overlapping) expect(found[id]!.every((c) => c.kind === "overlap")).toBe(true);
  });

  it("fall back: a window bound compares instants, not wall clocks", () => {
    // 01:30 EDT is half an hour before 01:00 EST, although the wall clock reads later.
    const a = at("a", "2026-11-01T01:30:00-04:00", 30, { windowStart: "2026-11-01T01:00:00-05:00" });
    expect(conflicts([a], [shift("2026-11-01", "-05:00")]).a).toEqual([{ kind: "outside_window" }]);
  });
});

describe("determinism", () => {
  it("gives the same output, keys sorted, whatever the input order", () => {
    const jobs = [
      at("z", "2026-06-15T09:00:00-04:00"),
      at("m", "2026-06-15T09:30:00-04:00"),
      at("a", "2026-06-15T09:45:00-04:00", 60, { techId: "x" }),
    ];
    const one = detectConflicts(snapshotOf([T1], jobs));
    const two = detectConflicts(snapshotOf([T1], [...jobs].reverse()));
    expect(JSON.stringify(one)).toBe(JSON.stringify(two));
    expect(Object.keys(one)).toEqual(["a", "m", "z"]);
  });
});
