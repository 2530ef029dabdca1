/**
 * How a board's edits reach the tables: one flush per board at a time. Edits that arrive while a
 * flush is writing wait for it and go together in the next one, so a loaded server writes fewer,
 * larger batches instead of overlapping ones (which could also commit out of order). A store
 * waits for the flush under way and writes what is still pending. Nothing here reaches a
 * database: the store and the tables are fakes that record their calls.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { onLoadDocumentPayload, onStoreDocumentPayload } from "@hocuspocus/server";
import { boardExtension, FLUSH_INTERVAL_MS } from "./board-extension";
import type { CollabStore, StoredDocument } from "./persistence";
import type { BoardJobWrite, BoardTables } from "../services/dispatch/board-rows";

const NAME = "board:2026-06-15";
const CLIENT = { source: "connection", connection: { context: { user: { id: "u1", name: "Dispatcher" } } } };

/** A promise with its resolver outside. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, condition: () => boolean, ms = 2_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

async function setup() {
  /** The job ids of each table write, in the order they started, and when each started. */
  const writes: string[][] = [];
  const startedAt: number[] = [];
  /** Each write waits for its gate: the test decides when the tables answer. */
  const gates: ReturnType<typeof gate>[] = [];
  const store = {
    append: () => Promise.resolve(),
    compact: () => Promise.resolve(),
    async loadExclusive(_name: string, prepare: (stored: StoredDocument, tx: never) => Promise<Uint8Array[]>) {
      const stored = { snapshot: null, log: [] };
      await prepare(stored, null as never);
      return stored;
    },
  } as Partial<CollabStore> as CollabStore;
  const tables = {
    loadTechs: () => Promise.resolve([]),
    loadConfirmations: () => Promise.resolve(new Map()),
    loadJobsMissingFrom: () => Promise.resolve([]),
    jobConfirmations: () => Promise.resolve(new Map()),
    async writeJobs(_db: unknown, jobs: readonly BoardJobWrite[]) {
      const wait = gate();
      gates.push(wait);
      writes.push(jobs.map((write) => write.job.id).sort());
      startedAt.push(performance.now());
      await wait.opened;
    },
  } as Partial<BoardTables> as BoardTables;
  const extension = boardExtension({
    db: null as never,
    store,
    tables,
    onMyWay: null as never,
    onError: (error) => {
      throw error;
    },
  });
  const document = Object.assign(new Y.Doc(), { getConnectionsCount: () => 1 });
  await extension.onLoadDocument!({
    document,
    documentName: NAME,
    instance: { documents: new Map([[NAME, document]]) },
  } as unknown as onLoadDocumentPayload);
  const jobs = document.getMap("jobs");
  const clientEdit = (id: string) =>
    document.transact(() => {
      const job = new Y.Map<unknown>();
      job.set("title", `Job ${id}`);
      jobs.set(id, job);
    }, CLIENT);
  const storeDocument = () =>
    extension.onStoreDocument!({ documentName: NAME, document } as unknown as onStoreDocumentPayload);
  return { extension, writes, startedAt, gates, clientEdit, storeDocument };
}

describe("a board's flush to the tables", () => {
  it("writes the edits that came in during a flush together, after it, never beside it", async () => {
    const board = await setup();
    board.clientEdit("1");
    await until("the first flush", () => board.writes.length === 1);
    board.clientEdit("2");
    board.clientEdit("3");
    // Well past the flush delay: the second flush still waits for the first.
    await sleep(200);
    expect(board.writes).toEqual([["1"]]);
    board.gates[0]!.open();
    await until("the second flush", () => board.writes.length === 2);
    expect(board.writes[1]).toEqual(["2", "3"]);
    board.gates[1]!.open();
    await board.extension.idle();
  });

  it("makes a store wait for the flush under way, then write what is still pending", async () => {
    const board = await setup();
    board.clientEdit("1");
    await until("the first flush", () => board.writes.length === 1);
    board.clientEdit("2");
    let stored = false;
    const storing = board.storeDocument().then(() => (stored = true));
    await sleep(100);
    expect(stored, "the store waits for the flush under way").toBe(false);
    board.gates[0]!.open();
    await until("the pending edit's flush", () => board.writes.length === 2);
    expect(board.writes[1]).toEqual(["2"]);
    board.gates[1]!.open();
    await storing;
    expect(stored).toBe(true);
    await board.extension.idle();
    expect(board.writes, "nothing written twice").toHaveLength(2);
  });

  it("flushes a busy board at most once per interval, however fast its edits come", async () => {
    const board = await setup();
    board.clientEdit("1");
    await until("the first flush", () => board.writes.length === 1);
    board.gates[0]!.open();
    // Edits spread over the interval: one flush carries them all, an interval after the first.
    for (const id of ["2", "3", "4"]) {
      board.clientEdit(id);
      await sleep(FLUSH_INTERVAL_MS / 5);
    }
    await until("the second flush", () => board.writes.length === 2);
    expect(board.writes[1]).toEqual(["2", "3", "4"]);
    // Timers may fire a millisecond early; never a whole delay early.
    expect(board.startedAt[1]! - board.startedAt[0]!).toBeGreaterThanOrEqual(FLUSH_INTERVAL_MS - 2);
    board.gates[1]!.open();
    await board.extension.idle();
  });
});
