import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  assignJob,
  allowedStatuses,
  moveJob,
  resizeJob,
  setJobLocked,
  setJobStatus,
  transitionProblem,
  unassignJob,
  type OpResult,
} from "./operations";
import { getMaps, readBoard } from "./doc";
import { boardDoc, job, recordUpdates, tech } from "./test-fixtures";
import type { BoardJob, JobStatus } from "./types";

const T9 = "2026-06-15T09:00:00-04:00";
const fresh = (jobs: BoardJob[] = []) => boardDoc([tech("t1"), tech("t2")], [job("j1"), ...jobs]);
const assigned = (status: JobStatus = "assigned") =>
  job("j2", { status, techId: "t1", start: "2026-06-15T13:00:00.000Z" });

describe("refusals change nothing", () => {
  const cases: Array<[string, (doc: Y.Doc) => OpResult, RegExp, BoardJob[]?]> = [
    ["assign unknown job", (d) => assignJob(d, "nope", "t1", T9, "u1"), /Job nope is not on this board/],
    ["assign unknown tech", (d) => assignJob(d, "j1", "t9", T9, "u1"), /Technician t9 is not on this board/],
    [
      "assign without offset",
      (d) => assignJob(d, "j1", "t1", "2026-06-15T09:00", "u1"),
      /ISO date-time with an offset/,
    ],
    ["assign garbage start", (d) => assignJob(d, "j1", "t1", "tomorrow", "u1"), /ISO date-time/],
    ["assign done job", (d) => assignJob(d, "j2", "t2", T9, "u1"), /is done; reopen it/, [assigned("done")]],
    [
      "assign cancelled job",
      (d) => assignJob(d, "j2", "t2", T9, "u1"),
      /is cancelled; restore it/,
      [assigned("cancelled")],
    ],
    ["assign without user", (d) => assignJob(d, "j1", "t1", T9, ""), /user id is required/],
    ["unassign done job", (d) => unassignJob(d, "j2", "u1"), /is done/, [assigned("done")]],
    ["unassign cancelled job", (d) => unassignJob(d, "j2", "u1"), /is cancelled/, [assigned("cancelled")]],
    ["move unassigned job", (d) => moveJob(d, "j1", T9, "u1"), /has no technician; assign it/],
    ["move to bad start", (d) => moveJob(d, "j2", "09:00", "u1"), /ISO date-time/, [assigned()]],
    ["move done job", (d) => moveJob(d, "j2", T9, "u1"), /is done/, [assigned("done")]],
    ["resize NaN", (d) => resizeJob(d, "j2", Number.NaN, "u1"), /Duration must be a number/, [assigned()]],
    ["resize cancelled job", (d) => resizeJob(d, "j2", 30, "u1"), /is cancelled/, [assigned("cancelled")]],
    ["status assigned without tech", (d) => setJobStatus(d, "j1", "assigned", "u1"), /needs a technician/],
    [
      "status en_route without tech",
      (d) => setJobStatus(d, "j1", "en_route", "u1"),
      /needs a technician before it can be en route/,
    ],
    ["status done without tech", (d) => setJobStatus(d, "j1", "done", "u1"), /needs a technician/],
    [
      "status done → cancelled",
      (d) => setJobStatus(d, "j2", "cancelled", "u1"),
      /can only be reopened/,
      [assigned("done")],
    ],
    [
      "status done → on_site",
      (d) => setJobStatus(d, "j2", "on_site", "u1"),
      /can only be reopened/,
      [assigned("done")],
    ],
    [
      "status cancelled → en_route",
      (d) => setJobStatus(d, "j2", "en_route", "u1"),
      /is cancelled; it cannot become en route/,
      [assigned("cancelled")],
    ],
    ["status unknown", (d) => setJobStatus(d, "j2", "lost" as JobStatus, "u1"), /Unknown status "lost"/, [assigned()]],
    ["pin an unassigned job", (d) => setJobLocked(d, "j1", true, "u1"), /no technician; assign it before pinning/],
    ["pin a done job", (d) => setJobLocked(d, "j2", true, "u1"), /is done/, [assigned("done")]],
    ["pin an unknown job", (d) => setJobLocked(d, "nope", true, "u1"), /Job nope is not on this board/],
    ["pin without user", (d) => setJobLocked(d, "j2", true, ""), /user id is required/, [assigned()]],
  ];
  it.each(cases)("%s", (_name, op, reason, jobs) => {
    const doc = fresh(jobs);
    const before = Y.encodeStateAsUpdate(doc);
    const updates = recordUpdates(doc);
    const result = op(doc);
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(reason), code: expect.any(String) });
    expect(updates).toHaveLength(0);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});

describe("edits", () => {
  const cases: Array<[string, (doc: Y.Doc) => OpResult, Partial<BoardJob>, BoardJob[]?]> = [
    [
      "assign snaps start and marks assigned",
      (d) => assignJob(d, "j1", "t1", "2026-06-15T09:07:00-04:00", "u1"),
      { techId: "t1", start: "2026-06-15T13:00:00.000Z", status: "assigned", updatedBy: "u1" },
    ],
    [
      "assign with no time yet",
      (d) => assignJob(d, "j1", "t1", null, "u1"),
      { techId: "t1", start: null, status: "assigned" },
    ],
    [
      "reassign keeps en_route",
      (d) => assignJob(d, "j2", "t2", T9, "u1"),
      { techId: "t2", status: "en_route" },
      [assigned("en_route")],
    ],
    [
      "unassign",
      (d) => unassignJob(d, "j2", "u1"),
      { techId: null, start: null, status: "unassigned", updatedBy: "u1" },
      [assigned("on_site")],
    ],
    [
      "move snaps to the nearest 15 min",
      (d) => moveJob(d, "j2", "2026-06-15T10:08:00-04:00", "u1"),
      { start: "2026-06-15T14:15:00.000Z" },
      [assigned()],
    ],
    ["resize snaps", (d) => resizeJob(d, "j2", 52, "u1"), { durationMin: 45 }, [assigned()]],
    ["resize clamps low", (d) => resizeJob(d, "j2", 0, "u1"), { durationMin: 15 }, [assigned()]],
    ["resize clamps high", (d) => resizeJob(d, "j2", 2000, "u1"), { durationMin: 720 }, [assigned()]],
    ["en route", (d) => setJobStatus(d, "j2", "en_route", "u1"), { status: "en_route" }, [assigned()]],
    ["on site → done", (d) => setJobStatus(d, "j2", "done", "u1"), { status: "done" }, [assigned("on_site")]],
    [
      "reopen done",
      (d) => setJobStatus(d, "j2", "assigned", "u1"),
      { status: "assigned", techId: "t1" },
      [assigned("done")],
    ],
    [
      "cancel from on site",
      (d) => setJobStatus(d, "j2", "cancelled", "u1"),
      { status: "cancelled", techId: "t1" },
      [assigned("on_site")],
    ],
    [
      "restore cancelled to the pool",
      (d) => setJobStatus(d, "j2", "unassigned", "u1"),
      { status: "unassigned", techId: null, start: null },
      [assigned("cancelled")],
    ],
    ["pin an assigned job", (d) => setJobLocked(d, "j2", true, "u1"), { locked: true, updatedBy: "u1" }, [assigned()]],
    [
      "release a pinned job",
      (d) => setJobLocked(d, "j2", false, "u1"),
      { locked: false, techId: "t1" },
      [{ ...assigned(), locked: true }],
    ],
    [
      "unassigning a pinned job releases it",
      (d) => unassignJob(d, "j2", "u1"),
      { techId: null, locked: false },
      [{ ...assigned(), locked: true }],
    ],
    [
      "back to the pool releases the pin",
      (d) => setJobStatus(d, "j2", "unassigned", "u1"),
      { techId: null, locked: false },
      [{ ...assigned(), locked: true }],
    ],
    [
      "restore cancelled, keeping the tech",
      (d) => setJobStatus(d, "j2", "assigned", "u1"),
      { status: "assigned", techId: "t1" },
      [assigned("cancelled")],
    ],
  ];
  it.each(cases)("%s", (_name, op, expected, jobs) => {
    const doc = fresh(jobs);
    const id = jobs?.[0]?.id ?? "j1";
    expect(op(doc)).toEqual({ ok: true });
    expect(readBoard(doc).jobs[id]).toMatchObject(expected);
  });

  it("writes only the changed fields, in one transaction with the given origin", () => {
    const doc = fresh([assigned()]);
    const origins: unknown[] = [];
    const changedKeys: string[] = [];
    doc.on("afterTransaction", (tr: Y.Transaction) => origins.push(tr.origin));
    getMaps(doc)
      .jobs.get("j2")!
      .observe((event) => changedKeys.push(...event.keysChanged));
    expect(moveJob(doc, "j2", "2026-06-15T15:00:00Z", "u1", "drag")).toEqual({ ok: true });
    expect(origins).toEqual(["drag"]);
    expect(changedKeys.sort()).toEqual(["start", "updatedBy"]);
  });

  it.each([
    ["same start with another offset", (d: Y.Doc) => moveJob(d, "j2", "2026-06-15T09:00:00-04:00", "u1")],
    ["same duration", (d: Y.Doc) => resizeJob(d, "j2", 60, "u1")],
    ["same status", (d: Y.Doc) => setJobStatus(d, "j2", "assigned", "u1")],
    ["same tech and time", (d: Y.Doc) => assignJob(d, "j2", "t1", "2026-06-15T13:00:00Z", "u1")],
  ])("a no-op edit (%s) writes nothing, not even updatedBy", (_name, op) => {
    const doc = fresh([assigned()]);
    const updates = recordUpdates(doc);
    expect(op(doc)).toEqual({ ok: true });
    expect(updates).toHaveLength(0);
  });
});

describe("status transitions", () => {
  it.each<[JobStatus, string | null, JobStatus[]]>([
    ["unassigned", null, ["cancelled"]],
    ["unassigned", "t1", ["assigned", "cancelled"]],
    ["assigned", "t1", ["unassigned", "en_route", "on_site", "done", "cancelled"]],
    ["done", "t1", ["assigned"]],
    ["done", null, []],
    ["cancelled", "t1", ["unassigned", "assigned"]],
    ["cancelled", null, ["unassigned"]],
  ])("from %s (tech %s) allows %j", (status, techId, expected) => {
    expect(allowedStatuses({ id: "j", status, techId })).toEqual(expected);
  });

  it("explains why", () => {
    expect(transitionProblem({ id: "j", status: "done", techId: "t1" }, "cancelled")).toMatch(/reopened/);
  });
});
