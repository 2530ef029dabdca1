import { describe, expect, it } from "vitest";
import { diffBoards, jobChange, type JobChangeKind } from "./history";
import { job, snapshotOf, tech } from "./test-fixtures";

const mark = tech("t1", { name: "Mark" });
const valerie = tech("t2", { name: "Valérie" });
const base = job("j1", {
  title: "Réparation — Dubé",
  techId: "t1",
  status: "assigned",
  start: "2026-06-15T10:00:00-04:00",
});

describe("jobChange", () => {
  it.each<[string, Partial<typeof base> | null, JobChangeKind | null, string[]]>([
    ["the same job", {}, null, []],
    ["only its author stamp", { updatedBy: "someone else" }, null, []],
    ["another technician", { techId: "t2" }, "moved", ["techId"]],
    ["another technician and time", { techId: "t2", start: "2026-06-15T13:00:00-04:00" }, "moved", ["techId", "start"]],
    ["another time", { start: "2026-06-15T11:00:00-04:00" }, "rescheduled", ["start"]],
    ["a status", { status: "en_route" }, "status", ["status"]],
    ["its skills", { skills: ["fiber", "tv"] }, "edited", ["skills"]],
    ["its window", { windowStart: "2026-06-15T08:00:00-04:00" }, "edited", ["windowStart"]],
    ["the customer's answer", { confirmation: "reschedule_requested" }, "edited", ["confirmation"]],
    ["removed", null, "removed", []],
  ])("%s", (_what, overrides, kind, fields) => {
    const before = snapshotOf([mark, valerie], [base]);
    const after = snapshotOf([mark, valerie], overrides === null ? [] : [{ ...base, ...overrides }]);
    const change = jobChange(before, after, "j1");
    expect(change?.kind ?? null).toBe(kind);
    if (kind && kind !== "removed") expect(change!.fields).toEqual(fields);
  });

  it("names the technicians it moved between, as each board knew them", () => {
    const before = snapshotOf([mark, valerie], [base]);
    const after = snapshotOf([mark, valerie], [{ ...base, techId: "t2" }]);
    expect(jobChange(before, after, "j1")).toMatchObject({
      title: "Réparation — Dubé",
      before: { techId: "t1", techName: "Mark" },
      after: { techId: "t2", techName: "Valérie" },
    });
  });

  it("keeps an unknown technician's id with no name", () => {
    const before = snapshotOf([], [base]);
    const after = snapshotOf([], [{ ...base, status: "on_site" }]);
    expect(jobChange(before, after, "j1")?.before).toEqual({
      techId: "t1",
      techName: null,
      start: base.start,
      status: "assigned",
    });
  });
});

describe("diffBoards", () => {
  it("lists added, removed and changed jobs in id order, and nothing else", () => {
    const before = snapshotOf([mark], [base, job("j2"), job("j3")]);
    const after = snapshotOf([mark], [{ ...base, status: "done" }, job("j3"), job("j4", { title: "Install" })]);
    expect(diffBoards(before, after).map((c) => [c.jobId, c.kind])).toEqual([
      ["j1", "status"],
      ["j2", "removed"],
      ["j4", "added"],
    ]);
    expect(diffBoards(after, after)).toEqual([]);
  });
});
