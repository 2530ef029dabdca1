/**
 * When an open board is compacted. A compaction encodes the whole live board on the event loop,
 * so a store while dispatchers are connected skips it until enough client updates or time have
 * passed; the log it leaves is folded when the board is unloaded, when its last connection has
 * gone, or when the server closes. Nothing here reaches a database: the store records its calls.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import type { beforeSyncPayload, onStoreDocumentPayload, beforeUnloadDocumentPayload } from "@hocuspocus/server";
import { boardExtension } from "./board-extension";
import type { CollabStore } from "./persistence";

const NAME = "board:2026-06-15";
const SYNC_UPDATE = 2;

function setup(compactAfter = { updates: 3, ms: 60_000 }) {
  const compacted: string[] = [];
  const appended: string[] = [];
  const store = {
    append: (documentName: string) => {
      appended.push(documentName);
      return Promise.resolve();
    },
    compact: (documentName: string) => {
      compacted.push(documentName);
      return Promise.resolve();
    },
  } as Partial<CollabStore> as CollabStore;
  const extension = boardExtension({
    db: null as never,
    store,
    tables: null as never,
    onMyWay: null as never,
    compactAfter,
    onError: (error) => {
      throw error;
    },
  });
  let connections = 1;
  const document = Object.assign(new Y.Doc(), { getConnectionsCount: () => connections });
  const source = new Y.Doc();
  let edits = 0;
  const clientUpdate = async () => {
    let update: Uint8Array = new Uint8Array();
    source.once("update", (u: Uint8Array) => (update = u));
    source.getMap("meta").set("edit", ++edits);
    await extension.beforeSync!({
      type: SYNC_UPDATE,
      payload: update,
      connection: { readOnly: false },
      context: { user: { id: "u1", name: "Dispatcher" } },
      documentName: NAME,
    } as unknown as beforeSyncPayload);
  };
  const store_ = () =>
    extension.onStoreDocument!({ documentName: NAME, document } as unknown as onStoreDocumentPayload);
  const unload = () =>
    extension.beforeUnloadDocument!({ documentName: NAME, document } as unknown as beforeUnloadDocumentPayload);
  return {
    extension,
    compacted,
    appended,
    clientUpdate,
    storeDocument: store_,
    unload,
    setConnections: (n: number) => (connections = n),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("board compaction while the board is open", () => {
  it("skips a store's compaction until enough client updates have been appended", async () => {
    const board = setup({ updates: 3, ms: 60_000 });
    // The first store of a board this process did not load compacts (nothing counted yet).
    await board.storeDocument();
    expect(board.compacted).toHaveLength(1);
    await board.clientUpdate();
    await board.clientUpdate();
    await board.storeDocument();
    expect(board.compacted, "two updates, fewer than three").toHaveLength(1);
    await board.clientUpdate();
    await board.storeDocument();
    expect(board.compacted, "the third update makes the next store compact").toHaveLength(2);
    expect(board.appended).toHaveLength(3);
  });

  it("compacts on a store once the time has passed, even with few updates", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-06-15T14:00:00Z"));
    const board = setup({ updates: 1_000, ms: 60_000 });
    await board.storeDocument();
    await board.clientUpdate();
    vi.setSystemTime(new Date("2026-06-15T14:00:59Z"));
    await board.storeDocument();
    expect(board.compacted).toHaveLength(1);
    vi.setSystemTime(new Date("2026-06-15T14:01:00Z"));
    await board.storeDocument();
    expect(board.compacted).toHaveLength(2);
  });

  it("folds the log a skipped compaction left when the board is unloaded, and only then", async () => {
    const board = setup();
    await board.storeDocument();
    await board.unload();
    expect(board.compacted, "nothing skipped: nothing to fold").toHaveLength(1);
    await board.clientUpdate();
    await board.storeDocument();
    expect(board.compacted).toHaveLength(1);
    await board.unload();
    expect(board.compacted).toHaveLength(2);
  });

  it("compacts at a store once the last connection has gone", async () => {
    const board = setup();
    await board.storeDocument();
    await board.clientUpdate();
    board.setConnections(0);
    await board.storeDocument();
    expect(board.compacted).toHaveLength(2);
  });

  it("compacts every skipped board, and every later store, when the server closes", async () => {
    const board = setup();
    await board.storeDocument();
    await board.clientUpdate();
    await board.storeDocument();
    expect(board.compacted).toHaveLength(1);
    await board.extension.compactLoaded();
    expect(board.compacted).toHaveLength(2);
    board.extension.compactOnEveryStore();
    await board.clientUpdate();
    await board.storeDocument();
    expect(board.compacted).toHaveLength(3);
  });
});
