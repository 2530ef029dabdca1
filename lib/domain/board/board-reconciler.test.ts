/**
 * The incremental reconciler must leave exactly the board the full one leaves. Random batches of
 * edits (the dispatcher's operations, technicians changed, added and removed, jobs added, removed
 * and replaced, malformed values), made on the server's replica or arriving from a client that
 * edits on top of a stale copy, are each followed by the incremental reconcile on the tracked
 * board and by the full reconcile on a copy of the same state: results, job fields and
 * technicians must be equal, every time.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as Y from "yjs";
import { trackBoard, type BoardReconciler } from "./board-reconciler";
import { reconcileBoard } from "./reconcile";
import { getMaps, readBoard, upsertTech } from "./doc";
import { assignJob } from "./operations";
import { addMinutes } from "./time";
import { boardDoc, job, tech } from "./test-fixtures";
import { applyBoardEdit, clientCopyOf, DAY_START, editBatches, JOBS, sendMissing, TECHS } from "./random-edits";

const REMOTE = Symbol("remote");
const FULL = Symbol("full");
const INCREMENTAL = Symbol("incremental");

function seedBoard(): Y.Doc {
  const doc = boardDoc(
    [
      tech("t1", { skills: ["fiber", "splice"] }),
      tech("t2"),
      tech("t3", { skills: [] }),
      tech("t4", { shiftStart: "", shiftEnd: "" }),
    ],
    JOBS.map((id, i) =>
      job(id, {
        ...(i < 5
          ? { status: "assigned", techId: TECHS[i % 3]!, start: addMinutes(DAY_START, 30 * i), skills: ["fiber"] }
          : {}),
        ...(i % 2 === 0 ? { windowStart: addMinutes(DAY_START, 60), windowEnd: addMinutes(DAY_START, 240) } : {}),
      }),
    ),
    1,
  );
  reconcileBoard(doc, FULL);
  return doc;
}

const contentOf = (doc: Y.Doc) => {
  const { jobs, techs } = getMaps(doc);
  return { jobs: jobs.toJSON(), techs: techs.toJSON() };
};

/** The incremental reconcile on the tracked board against the full one on a copy of the same state. */
function expectSameAsFull(server: Y.Doc, reconciler: BoardReconciler): void {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(server));
  const full = reconcileBoard(copy, FULL);
  const incremental = reconciler.reconcile(INCREMENTAL);
  expect(incremental).toEqual(full);
  expect(contentOf(server)).toEqual(contentOf(copy));
  expect(readBoard(server)).toEqual(readBoard(copy));
  copy.destroy();
  // A fixed point, as the full reconcile reaches: nothing left to do by either.
  expect(reconciler.reconcile(INCREMENTAL).changed).toBe(false);
  expect(reconcileBoard(server, FULL).changed).toBe(false);
}

describe("trackBoard", () => {
  it("reconciles every random edit sequence exactly as the full reconcile does", () => {
    fc.assert(
      fc.property(editBatches, (batches) => {
        const server = seedBoard();
        const client = clientCopyOf(server, REMOTE);
        // The client's edits reach the server at once; the server's reach the client when it catches up.
        client.on("update", (update: Uint8Array, origin: unknown) => {
          if (origin !== REMOTE) Y.applyUpdate(server, update, REMOTE);
        });
        const reconciler = trackBoard(server);
        for (const batch of batches) {
          if (batch.clientCatchesUp) sendMissing(server, client, REMOTE);
          for (const { edit: e, fromClient } of batch.edits)
            applyBoardEdit(fromClient ? client : server, e, fromClient ? "client" : "server");
          expectSameAsFull(server, reconciler);
        }
        reconciler.destroy();
      }),
      { numRuns: 80 },
    );
  });

  it("reads the jobs an edit touched, not the whole board", () => {
    const techs = Array.from({ length: 40 }, (_, t) => tech(`t${t}`));
    const jobs = Array.from({ length: 2_000 }, (_, i) =>
      job(`j${i}`, { status: "assigned", techId: `t${i % 40}`, start: addMinutes(DAY_START, 15 * Math.floor(i / 40)) }),
    );
    const doc = boardDoc(techs, jobs);
    reconcileBoard(doc, FULL);
    const reconciler = trackBoard(doc);

    // A job leaves lane t1 for lane t2: that job is all that is read.
    expect(assignJob(doc, "j1", "t2", addMinutes(DAY_START, 600), "u1")).toEqual({ ok: true });
    expect(reconciler.pending()).toBe(1);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(reconciler.reconcile(INCREMENTAL)).toEqual(reconcileBoard(copy, FULL));
    expect(reconciler.lastExamined()).toBe(1);
    expect(contentOf(doc)).toEqual(contentOf(copy));

    // A technician's skills change: no job's repair depends on it.
    upsertTech(doc, { id: "t7", skills: ["splice"] });
    expect(reconciler.pending()).toBe(0);
    expect(reconciler.reconcile(INCREMENTAL).changed).toBe(false);
    expect(reconciler.lastExamined()).toBe(0);
  });

  it("reconciles the whole board when called inside a transaction, whose changes it cannot know yet", () => {
    const doc = seedBoard();
    const reconciler = trackBoard(doc);
    let result: ReturnType<BoardReconciler["reconcile"]> | undefined;
    doc.transact(() => {
      getMaps(doc).jobs.get("j1")!.set("priority", 9);
      result = reconciler.reconcile(INCREMENTAL);
    });
    expect(result).toEqual({ changed: true, repairedJobIds: ["j1"] });
    expect(reconciler.lastExamined()).toBe(JOBS.length);
    expect(readBoard(doc).jobs.j1!.priority).toBe(5);
    expect(reconciler.reconcile(INCREMENTAL).changed).toBe(false);
    expect(reconcileBoard(doc, FULL).changed).toBe(false);
  });

  it("ignores its own writes and stops tracking once destroyed", () => {
    const doc = seedBoard();
    const reconciler = trackBoard(doc);
    getMaps(doc).jobs.get("j2")!.set("priority", 9);
    expect(reconciler.reconcile(INCREMENTAL).repairedJobIds).toEqual(["j2"]);
    expect(reconciler.pending()).toBe(0);
    reconciler.destroy();
    getMaps(doc).jobs.get("j2")!.set("priority", 0);
    expect(reconciler.pending()).toBe(0);
    expect(reconciler.reconcile(INCREMENTAL).repairedJobIds).toEqual(["j2"]);
    expect(getMaps(doc).jobs.get("j2")!.get("priority")).toBe(1);
  });
});
