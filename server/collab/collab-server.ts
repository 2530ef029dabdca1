import type { IncomingMessage } from "node:http";
import { createWarmOptimizer } from "../services/dispatch/optimizer";
import type { Duplex } from "node:stream";
import { Hocuspocus, type Extension } from "@hocuspocus/server";
import { WebSocketServer } from "ws";
import type { Runtime } from "../runtime";
import { authExtension, type CollabUser } from "./auth-extension";
import { presenceExtension } from "./presence-extension";
import { watchSocketSessions, type WatchedSocket } from "./socket-identity";
import { boardExtension, storedBoardShape, transactLogged } from "./board-extension";
import { createFirstSyncGate, firstSyncContext, firstSyncExtension } from "./first-sync";
import { createDatabaseCollabStore, type CollabStore } from "./persistence";
import type { JobPatchedEvent } from "../services/dispatch/job-events";
import { boardTables } from "../services/dispatch/board-rows";
import { onMyWayJobs } from "../services/tracking/status-change";
import { boardDocumentName, parseBoardDocumentName } from "../../lib/domain/board/types";
import * as Y from "yjs";
import { getMaps, upsertJob, writeFields } from "../../lib/domain/board/doc";

export const COLLAB_PATH = "/collab";

/**
 * The largest WebSocket frame a client may send. The largest legitimate one is a whole board
 * sent back as a sync step (a client whose replica the server lacks): measured for 2,000 jobs
 * and 60 technicians with 80-character titles and addresses, 5 skills and 2 conflicts per job
 * (board version 4, which still stored conflicts), the board encodes to 1.4 MiB fresh and 2.1 MiB
 * after every job was moved 20 times by five dispatchers (2.9 MiB with 200-character accented
 * titles and addresses). Version 5 boards are smaller; 4 MiB keeps the headroom for both. A
 * larger frame closes the socket (1009) before any of it is read, so it changes nothing.
 * Awareness is bounded much lower by its shape (presence-extension.ts).
 */
export const COLLAB_MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;

export interface CollabServer {
  hocuspocus: Hocuspocus;
  store: CollabStore;
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Stores every document that has unsaved changes, then closes the connections. */
  close(): Promise<void>;
}

/**
 * `extensions`: more Hocuspocus extensions, such as the Redis relay when scaled out;
 * `sessionCheckMs`: how often open connections re-check their session (tests shorten it).
 */
export function createCollabServer(
  runtime: Runtime,
  options: { extensions?: Extension[]; sessionCheckMs?: number } = {},
): CollabServer {
  const store = createDatabaseCollabStore(runtime.db, { shapeOf: storedBoardShape });
  const board = boardExtension({ db: runtime.db, store, tables: boardTables, onMyWay: onMyWayJobs(runtime.jobs) });
  const jobEvents = runtime.events.dispatchJobs;
  /**
   * Per board day, what stops work done for it (an optimizer run) when the board is closed:
   * Hocuspocus unloads a document once its last connection is gone.
   */
  const dayControllers = new Map<string, AbortController>();
  // The optimizer's worker is started by the first solve and kept for the next ones, not when a
  // board is opened: an idle worker holds its own heap and the solver's modules (some 27 MB of
  // RSS) in every process serving boards, most of which never propose a plan.
  const optimizer = createWarmOptimizer();
  const closedBoards: Extension = {
    extensionName: "board-days",
    afterUnloadDocument({ documentName }) {
      const date = parseBoardDocumentName(documentName);
      const controller = date ? dayControllers.get(date) : undefined;
      if (date && controller) {
        dayControllers.delete(date);
        controller.abort(new Error(`the board of ${date} was closed`));
      }
      return Promise.resolve();
    },
  };
  const hocuspocus = new Hocuspocus({
    name: `fibre-ops-${process.pid}`,
    quiet: true,
    // Durability comes from the log written before every acknowledgement; stores only fold
    // it into the snapshot, so they can be rare: each one encodes the whole board.
    debounce: 5_000,
    maxDebounce: 60_000,
    extensions: [
      authExtension(runtime),
      presenceExtension(),
      board,
      closedBoards,
      firstSyncExtension(),
      ...(options.extensions ?? []),
    ],
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: COLLAB_MAX_PAYLOAD_BYTES });

  // A signed-out session or a deactivated user loses its open board sockets (socket-identity.ts).
  const sessions = watchSocketSessions({
    db: runtime.db,
    intervalMs: options.sessionCheckMs,
    sockets: function* (): Generator<WatchedSocket> {
      for (const document of hocuspocus.documents.values())
        for (const connection of document.getConnections()) {
          const user = (connection.context as { user?: CollabUser } | undefined)?.user;
          // The whole socket closes: every document it multiplexes was opened with the same credentials.
          if (user) yield { identity: user, close: (reason) => connection.webSocket.close(4401, reason) };
        }
    },
  });
  // At once on sign-out (this instance's, or another's through Redis); the interval is the bound.
  const stopRevocations = runtime.events.staffAccess.onRevoked(() => void sessions.check());

  // Jobs created or changed elsewhere appear on the open board of their day.
  const stopListening = jobEvents.onJobChanged(({ jobId }) => {
    void (async () => {
      const found = await boardTables.loadJob(runtime.db, jobId);
      if (!found) return;
      const name = boardDocumentName(found.date);
      const document = hocuspocus.documents.get(name);
      if (!document || document.isLoading) return;
      await transactLogged(store, name, document, () => upsertJob(document, found.job), { reconcile: true });
    })().catch((error: unknown) => console.error("board update from tables failed:", error));
  });

  // A technician's status reaches the board even when no dispatcher has it open: the board is
  // loaded for the edit, so its stored document never keeps the old status. Forwarded patches
  // (from other instances) only touch boards open here; the originating instance stored it.
  // One board's patches are applied in the order they were made: a later status must never
  // land before an earlier one, nor on a copy of the board being unloaded by the earlier one.
  const patchQueues = new Map<string, Promise<void>>();
  const stopPatches = jobEvents.onJobPatched((event) => {
    const name = boardDocumentName(event.date);
    const previous = patchQueues.get(name) ?? Promise.resolve();
    const next = previous
      .then(() => applyPatch(event))
      .catch((error: unknown) => console.error("board patch failed:", error));
    patchQueues.set(name, next);
    void next.finally(() => {
      if (patchQueues.get(name) === next) patchQueues.delete(name);
    });
  });
  async function applyPatch(event: JobPatchedEvent): Promise<void> {
    const name = boardDocumentName(event.date);
    if (event.remote && !hocuspocus.documents.has(name)) return;
    // A direct connection holds the board loaded (loading it if needed) until the edit is logged.
    const connection = await hocuspocus.openDirectConnection(name, { server: true });
    try {
      const document = connection.document;
      const job = document ? getMaps(document).jobs.get(String(event.jobId)) : undefined;
      if (!document || !(job instanceof Y.Map)) return;
      await transactLogged(store, name, document, () => writeFields(job, event.fields), { reconcile: true });
    } finally {
      await connection.disconnect();
    }
  }

  // Services reach the live boards through the composition root (plan proposals).
  const withdrawBoards = runtime.events.boards.provide({
    async read(date, read) {
      const connection = await hocuspocus.openDirectConnection(boardDocumentName(date), { server: true });
      try {
        if (!connection.document) throw new Error(`the board of ${date} could not be loaded`);
        return read(connection.document);
      } finally {
        await connection.disconnect();
      }
    },
    async write(date, edit) {
      const name = boardDocumentName(date);
      const connection = await hocuspocus.openDirectConnection(name, { server: true });
      try {
        const document = connection.document;
        if (!document) throw new Error(`the board of ${date} could not be loaded`);
        await transactLogged(store, name, document, () => edit(document));
      } finally {
        await connection.disconnect();
      }
    },
    daySignal(date) {
      let controller = dayControllers.get(date);
      if (!controller) {
        controller = new AbortController();
        dayControllers.set(date, controller);
      }
      return controller.signal;
    },
    optimize: (request) => optimizer.optimize(request),
  });

  return {
    hocuspocus,
    store,
    handleUpgrade(request, socket, head) {
      sockets.handleUpgrade(request, socket, head, (ws) => {
        const url = `http://${request.headers.host ?? "localhost"}${request.url ?? COLLAB_PATH}`;
        const headers = new Headers();
        for (const [key, value] of Object.entries(request.headers)) {
          if (typeof value === "string") headers.set(key, value);
          else if (Array.isArray(value)) headers.set(key, value.join(", "));
        }
        // Messages pass the socket's first-sync gate on their way to Hocuspocus (first-sync.ts).
        const firstSync = createFirstSyncGate({
          send: (message, written) => ws.send(message, () => written()),
          deliver: (message) => connection.handleMessage(message),
        });
        const connection = hocuspocus.handleConnection(ws, new Request(url, { headers }), firstSyncContext(firstSync));
        ws.on("message", (data: Buffer) =>
          firstSync.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)),
        );
        ws.on("close", (code, reason) => {
          firstSync.close();
          connection.handleClose({ code, reason: reason.toString() });
        });
        ws.on("error", (error) => console.error("collab socket error:", error.message));
      });
    },
    async close() {
      withdrawBoards();
      for (const controller of dayControllers.values()) controller.abort(new Error("the collab server is closing"));
      dayControllers.clear();
      await optimizer.close();
      sessions.stop();
      stopRevocations();
      stopListening();
      stopPatches();
      // A status already committed to the tables finishes reaching its board before the stores.
      await Promise.allSettled([...patchQueues.values()]);
      // Stores made while open compact only now and then (board-extension.ts); these leave the snapshot whole.
      board.compactOnEveryStore();
      hocuspocus.flushPendingStores();
      // flushPendingStores starts the stores; wait until none is running or debounced.
      for (
        let i = 0;
        i < 200 &&
        [...hocuspocus.documents.values()].some(
          (d) =>
            hocuspocus.debouncer.isDebounced(`onStoreDocument-${d.name}`) ||
            hocuspocus.debouncer.isCurrentlyExecuting(`onStoreDocument-${d.name}`),
        );
        i++
      ) {
        await new Promise((r) => setTimeout(r, 25));
      }
      await board.compactLoaded();
      await board.idle();
      hocuspocus.closeConnections();
      sockets.close();
    },
  };
}
