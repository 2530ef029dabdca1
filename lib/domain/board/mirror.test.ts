/**
 * The history rebuilds past boards from a JSON checkpoint and each update's effects: the mirror
 * kept that way must equal the document after every update, whoever made it, including updates
 * from a client editing a stale copy (concurrent writes resolved by Yjs) and malformed writes.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as Y from "yjs";
import { getMaps, readBoard, upsertJob } from "./doc";
import { diffBoards, type JobChange } from "./history";
import {
  applyEffectsWithChanges,
  effectsOf,
  mirrorOf,
  readBoardMirror,
  type BoardEffect,
  type BoardMirror,
} from "./mirror";
import {
  ALL_JOBS,
  applyBoardEdit,
  clientCopyOf,
  DAY_START,
  editBatches,
  JOBS,
  sendMissing,
  TECHS,
} from "./random-edits";
import { addMinutes } from "./time";
import { boardDoc, job, tech } from "./test-fixtures";

const REMOTE = Symbol("remote");

function seedBoard(): Y.Doc {
  return boardDoc(
    TECHS.map((id) => tech(id)),
    JOBS.map((id, i) =>
      job(id, i < 4 ? { status: "assigned", techId: TECHS[i]!, start: addMinutes(DAY_START, 30) } : {}),
    ),
    1,
  );
}

/**
 * Follows `doc` update by update as the history does: effects stored as JSON, applied to a JSON
 * copy, with the job changes read from them beside those of the whole boards before and after.
 */
function follow(doc: Y.Doc) {
  const followed = {
    mirror: JSON.parse(JSON.stringify(mirrorOf(doc))) as BoardMirror,
    updates: 0,
    changes: [] as JobChange[][],
    changesByFullBoards: [] as JobChange[][],
  };
  let board = readBoard(doc);
  doc.on("update", (_update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
    const stored = JSON.parse(JSON.stringify(effectsOf(doc, transaction))) as BoardEffect[];
    followed.changes.push(applyEffectsWithChanges(followed.mirror, stored));
    const next = readBoard(doc);
    followed.changesByFullBoards.push(diffBoards(board, next));
    board = next;
    followed.updates += 1;
  });
  return followed;
}

describe("board mirror", () => {
  it("equals the document after every update of random edit sequences, concurrent ones included", () => {
    fc.assert(
      fc.property(editBatches, (batches) => {
        const server = seedBoard();
        const client = clientCopyOf(server, REMOTE);
        const followed = follow(server);
        for (const batch of batches) {
          if (batch.clientCatchesUp) sendMissing(server, client, REMOTE);
          for (const { edit, fromClient } of batch.edits)
            applyBoardEdit(fromClient ? client : server, edit, fromClient ? "client" : "server");
          // The client's edits, made on a copy that may be stale, arrive together: Yjs resolves them.
          if (batch.clientSends) sendMissing(client, server, REMOTE);
          expect(followed.mirror).toEqual(mirrorOf(server));
          expect(readBoardMirror(followed.mirror)).toEqual(readBoard(server));
          expect(followed.changes).toEqual(followed.changesByFullBoards);
        }
      }),
      { numRuns: 80 },
    );
  });

  it("records only what an update changed", () => {
    const doc = seedBoard();
    let effects: BoardEffect[] = [];
    doc.on("update", (_u: Uint8Array, _o: unknown, _d: Y.Doc, transaction: Y.Transaction) => {
      effects = effectsOf(doc, transaction);
    });
    getMaps(doc).jobs.get("j2")!.set("techId", "t3");
    expect(effects).toEqual([["jobs", "j2", "techId", "t3"]]);
    getMaps(doc).jobs.get("j2")!.delete("techId");
    expect(effects).toEqual([["jobs", "j2", "techId"]]);
    upsertJob(doc, { id: "new", title: "Nouveau" });
    expect(effects).toHaveLength(1);
    expect(effects[0]!.slice(0, 3)).toEqual(["jobs", "new", null]);
    expect(effects[0]![3]).toMatchObject({ title: "Nouveau" });
    getMaps(doc).jobs.delete("new");
    expect(effects).toEqual([["jobs", "new", null]]);
  });

  it("reads an entry that is not a map, and a Yjs type where a field belongs, as readBoard does", () => {
    const doc = seedBoard();
    const followed = follow(doc);
    (getMaps(doc).jobs as Y.Map<unknown>).set(ALL_JOBS[0]!, 5);
    getMaps(doc).jobs.get(ALL_JOBS[1]!)!.set("skills", new Y.Array<string>());
    expect(followed.updates).toBe(2);
    expect(readBoardMirror(followed.mirror)).toEqual(readBoard(doc));
  });
});
