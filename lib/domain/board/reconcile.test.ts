import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { normalizeJob, reconcileBoard } from "./reconcile";
import { detectConflicts } from "./conflicts";
import { getMaps, readBoard } from "./doc";
import { assignJob, moveJob, unassignJob } from "./operations";
import { boardDoc, job, recordUpdates, tech } from "./test-fixtures";
import { LEGACY_CONFLICTS_MAP } from "./migrations";
import type { BoardJob } from "./types";

const S = "2026-06-15T13:00:00.000Z";

describe("normalizeJob", () => {
  it.each<[string, Partial<BoardJob>, Partial<BoardJob> | null]>([
    ["clean unassigned", {}, null],
    ["clean assigned", { status: "assigned", techId: "t1", start: S }, null],
    ["assigned with no time yet is kept", { status: "assigned", techId: "t1", start: null }, null],
    ["en route with no time yet is kept", { status: "en_route", techId: "t1" }, null],
    ["assigned without tech", { status: "assigned", start: S }, { status: "unassigned", start: null }],
    ["en route without tech", { status: "en_route" }, { status: "unassigned" }],
    ["on site without tech", { status: "on_site", start: S }, { status: "unassigned", start: null }],
    ["unassigned with a start", { start: S }, { start: null }],
    ["tech but unassigned", { techId: "t1", start: S }, { status: "assigned" }],
    ["done without tech is history", { status: "done", start: S }, null],
    ["cancelled keeps its tech and time", { status: "cancelled", techId: "t1", start: S }, null],
    ["pinned with a tech is kept", { status: "assigned", techId: "t1", start: S, locked: true }, null],
    ["pinned without tech is released", { locked: true }, { locked: false }],
    ["cancelled and pinned is history", { status: "cancelled", locked: true }, null],
    ["priority too high", { priority: 9 }, { priority: 5 }],
    ["priority too low", { priority: -2 }, { priority: 1 }],
    ["priority fractional", { priority: 2.6 }, { priority: 3 }],
    ["priority NaN", { priority: Number.NaN }, { priority: 3 }],
    ["duration zero", { durationMin: 0 }, { durationMin: 60 }],
    ["duration negative", { durationMin: -15 }, { durationMin: 60 }],
    ["duration fractional", { durationMin: 12.5 }, { durationMin: 60 }],
    ["duration over 12 h", { durationMin: 721 }, { durationMin: 60 }],
    ["duration off-grid but valid", { durationMin: 10 }, null],
    [
      "several at once",
      { status: "on_site", priority: 0, durationMin: Number.POSITIVE_INFINITY },
      { status: "unassigned", priority: 1, durationMin: 60 },
    ],
  ])("%s", (_name, overrides, expected) => expect(normalizeJob(job("j", overrides))).toEqual(expected));
});

describe("reconcileBoard", () => {
  const make = () =>
    boardDoc(
      [tech("t1")],
      [
        job("a", { status: "assigned", techId: "t1", start: S }),
        job("b", { status: "assigned", techId: "t1", start: "2026-06-15T13:30:00.000Z" }),
        job("c", { status: "en_route", techId: null, start: S, priority: 8 }),
      ],
    );

  it("fixes jobs in one transaction, then nothing", () => {
    const doc = make();
    const updates = recordUpdates(doc);
    let transactions = 0;
    doc.on("afterTransaction", () => transactions++);
    const result = reconcileBoard(doc, "reconciler");
    expect(result).toEqual({ changed: true, repairedJobIds: ["c"] });
    expect(transactions).toBe(1);
    expect(updates).toHaveLength(1);
    const board = readBoard(doc);
    expect(board.jobs.c).toMatchObject({ status: "unassigned", start: null, priority: 5, updatedBy: "seed" });
    // Jobs a and b overlap: a conflict for every reader to derive, not a write (types.ts).
    expect(detectConflicts(board).a).toEqual([{ kind: "overlap", otherJobId: "b" }]);
    expect(doc.share.has(LEGACY_CONFLICTS_MAP)).toBe(false);

    expect(reconcileBoard(doc, "reconciler")).toEqual({ changed: false, repairedJobIds: [] });
    expect(transactions).toBe(1);
    expect(updates).toHaveLength(1);
  });

  it("replaces malformed stored values by their defaults", () => {
    const doc = make();
    reconcileBoard(doc, "r");
    const map = getMaps(doc).jobs.get("a")!;
    doc.transact(() => {
      map.set("status", "bogus");
      map.set("skills", "fiber");
      map.set("start", "9am");
    });
    expect(reconcileBoard(doc, "r").repairedJobIds).toEqual(["a"]);
    // "bogus" reads as unassigned, which with a technician becomes assigned; the time was unreadable.
    expect(map.toJSON()).toMatchObject({ status: "assigned", skills: [], start: null });
    expect(reconcileBoard(doc, "r").changed).toBe(false);
  });

  it("reaches a fixed point when run from an update observer", () => {
    const doc = make();
    let runs = 0;
    doc.on("update", (_u: Uint8Array, origin: unknown) => {
      if (origin === "reconciler") return;
      runs++;
      if (runs > 20) throw new Error("reconcile loops");
      reconcileBoard(doc, "reconciler");
    });
    expect(unassignJob(doc, "a", "u1")).toEqual({ ok: true });
    expect(assignJob(doc, "c", "t1", S, "u2")).toEqual({ ok: true });
    expect(runs).toBe(2);
    const board = readBoard(doc);
    expect(normalizeJob(board.jobs.a!)).toBeNull();
    expect(Object.keys(detectConflicts(board))).toEqual(["b", "c"]);
  });

  it("converges concurrent assign and unassign into a kept assignment", () => {
    const base = make();
    const one = new Y.Doc();
    const two = new Y.Doc();
    Y.applyUpdate(one, Y.encodeStateAsUpdate(base));
    Y.applyUpdate(two, Y.encodeStateAsUpdate(base));
    expect(unassignJob(one, "a", "u1")).toEqual({ ok: true });
    expect(moveJob(two, "a", "2026-06-15T16:00:00Z", "u2")).toEqual({ ok: true });
    Y.applyUpdate(one, Y.encodeStateAsUpdate(two));
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one));
    reconcileBoard(one, "r");
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one));
    const a = readBoard(two).jobs.a!;
    expect(normalizeJob(a)).toBeNull();
    expect(readBoard(one)).toEqual(readBoard(two));
  });
});
