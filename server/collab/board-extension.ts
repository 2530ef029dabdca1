import type {
  Extension,
  afterUnloadDocumentPayload,
  beforeSyncPayload,
  beforeUnloadDocumentPayload,
  onLoadDocumentPayload,
  onStoreDocumentPayload,
} from "@hocuspocus/server";
import * as Y from "yjs";
import type { Database } from "../db/client";
import { applyStoredDocument, loadStoredDocument, type CollabStore, type FirstSyncAnswer } from "./persistence";
import { firstSyncGateOf } from "./first-sync";
import { startLoadTrace } from "./load-trace";
import { collectGarbageSoon } from "./release-memory";
import { BOARD_SCHEMA_VERSION, parseBoardDocumentName, type VisitConfirmation } from "../../lib/domain/board/types";
import { getMaps, initBoard, readBoard, readJob, upsertJob, upsertTech } from "../../lib/domain/board/doc";
import { reconcileBoard, type ReconcileResult } from "../../lib/domain/board/reconcile";
import { trackBoard, type BoardReconciler } from "../../lib/domain/board/board-reconciler";
import { describeBoardMigrationRefusal, migrateBoard } from "../../lib/domain/board/migrations";
import { jobIdOfKey } from "../../lib/domain/board/job-keys";
import { proposalsMap } from "../../lib/domain/board/proposals";
import { syncConfirmations, writeConfirmations } from "./board-confirmations";
import type { BoardEditor, BoardJobWrite, BoardTables } from "../services/dispatch/board-rows";
import { afterJobStatusCommitted, type JobStatusChange, type OnMyWayJobs } from "../services/tracking/status-change";

/**
 * The shape a stored board is in (its schema version), for the store's protocol copy
 * (persistence.ts, first-sync.ts); null for a document that is not a board or has no version.
 */
export function storedBoardShape(documentName: string, doc: Y.Doc): number | null {
  if (!parseBoardDocumentName(documentName)) return null;
  const version = getMaps(doc).meta.get("schemaVersion");
  return typeof version === "number" && Number.isInteger(version) ? version : null;
}

/** Transaction origin of the server's own edits (seeding from the database, reconciling). */
export const SERVER_ORIGIN = { source: "server" } as const;

// y-protocols sync message types that carry document content.
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;
/**
 * How long after an edit its jobs are written to the tables, and how long at least between two
 * flushes of one board. One flush per board runs at a time; edits that arrive meanwhile wait and
 * go in the next. Each flush costs a transaction and, when the reconciler repairs a field, a
 * server update that every client applies: a busy board flushes ten times a second however fast
 * the edits come, so that cost stops growing with the edit rate. The edits themselves reach the
 * other dispatchers at once; only the tables and the repairs follow at most this far behind.
 */
const DATABASE_SYNC_DELAY_MS = 40;
export const FLUSH_INTERVAL_MS = 100;
const CATCH_UP_DELAY_MS = 250;

/**
 * While a board is open, Hocuspocus stores it every ≤ 60 s under continuous edits (collab-server.ts),
 * but folding the log into the snapshot encodes the whole board on the event loop (hundreds of ms
 * for 2,000 jobs: every edit in flight waits). Durability does not need it (every update is in the
 * log before it is acknowledged) and the history reads the log too, so an open board is compacted
 * only once its log has grown by this many client updates or this long has passed; a board that
 * nobody has open any more (about to be unloaded) and a server closing compact at once.
 */
export const COMPACT_AFTER_UPDATES = 5_000;
export const COMPACT_AFTER_MS = 15 * 60_000;

/**
 * Who made the transaction: the user of the client connection it came on (auth-extension.ts),
 * or nobody (the server's own edits, an edit relayed from another instance by Redis: that
 * instance, which holds the connection, writes and audits it first).
 */
function editorOf(origin: unknown): BoardEditor | null {
  const o = origin as { source?: unknown; connection?: { context?: { user?: BoardEditor } } } | null;
  const user = o?.source === "connection" ? o.connection?.context?.user : undefined;
  return user ? { id: user.id, name: user.name, role: user.role } : null;
}

function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

/**
 * Each loaded board's incremental reconciler, attached once its load has left it reconciled:
 * an edit then costs the lanes it touched, not the whole board (board-reconciler.ts).
 */
const reconcilers = new WeakMap<Y.Doc, BoardReconciler>();

/** Reconciles what changed on a live board since its last reconcile; a board not tracked (yet) is reconciled whole. */
export function reconcileLive(doc: Y.Doc): ReconcileResult {
  return reconcilers.get(doc)?.reconcile(SERVER_ORIGIN) ?? reconcileBoard(doc, SERVER_ORIGIN);
}

/**
 * Applies a server-side edit and appends it to the log. Clients receive it like any
 * other update through Hocuspocus' broadcast. With `reconcile`, the reconciler runs after the
 * edit's transaction (the keys that transaction changed are what it reads), as a second one.
 */
export async function transactLogged(
  store: CollabStore,
  documentName: string,
  doc: Y.Doc,
  edit: () => void,
  options: { reconcile?: boolean } = {},
): Promise<void> {
  const { updates } = withServerUpdates(doc, () => {
    doc.transact(edit, SERVER_ORIGIN);
    if (options.reconcile) reconcileLive(doc);
  });
  // Appended together, they share one round trip (the store's group commit), in this order.
  await Promise.all(updates.map((update) => store.append(documentName, update)));
}

/** Applies a server-side edit and returns the updates it made, for the caller to log. */
function serverEdit(doc: Y.Doc, edit: () => void): Uint8Array[] {
  return withServerUpdates(doc, () => doc.transact(edit, SERVER_ORIGIN)).updates;
}

/** Runs `work` and returns its result with the updates it made as the server, for the caller to log. */
function withServerUpdates<T>(doc: Y.Doc, work: () => T): { result: T; updates: Uint8Array[] } {
  const updates: Uint8Array[] = [];
  const capture = (update: Uint8Array, origin: unknown) => {
    if (origin === SERVER_ORIGIN) updates.push(update);
  };
  doc.on("update", capture);
  try {
    return { result: work(), updates };
  } finally {
    doc.off("update", capture);
  }
}

/**
 * Brings a loaded board to this code's schema version. A board stored by newer code is
 * refused like an unreadable one: served here, it would be read without what this code does
 * not know and stamped back to the older version.
 */
function migrateLoadedBoard(documentName: string, doc: Y.Doc): { migrated: boolean; updates: Uint8Array[] } {
  const { result, updates } = withServerUpdates(doc, () => migrateBoard(doc, SERVER_ORIGIN));
  if (!result.ok) throw new Error(describeBoardMigrationRefusal(documentName, result));
  return { migrated: result.migrated, updates };
}

/**
 * The live board's durability and its link to the relational tables:
 * - every client update is committed to the log in beforeSync, which Hocuspocus awaits
 *   before it applies and acknowledges the update;
 * - a board loads as snapshot + log, is migrated to this code's schema version, then picks up
 *   technicians and jobs from the tables; a failed load (an unreadable board, or one stored
 *   by newer code) rejects the connection instead of serving an empty or downgraded board;
 * - after each change the reconciler runs over what the change touched (board-reconciler.ts)
 *   and the changed jobs are written to dispatch_jobs;
 * - a job's `confirmation` is the tables' (visit_responses): set at load, put back after a
 *   client writes it, and cleared when a re-planned start answers a reschedule request.
 */
export function boardExtension(options: {
  db: Database;
  store: CollabStore;
  tables: BoardTables;
  onError?: (error: unknown) => void;
  /** Where "on my way" SMS are queued when a job goes en route on the board. */
  onMyWay: OnMyWayJobs;
  /** Overrides COMPACT_AFTER_UPDATES and COMPACT_AFTER_MS (tests). */
  compactAfter?: { updates: number; ms: number };
}): Extension & { idle(): Promise<void>; compactOnEveryStore(): void; compactLoaded(): Promise<void> } {
  const { db, store, tables, onMyWay } = options;
  /** Per board, the jobs changed since the last flush and who changed each last. */
  const pendingJobIds = new Map<string, Map<string, BoardEditor | null>>();
  /**
   * Per board, proposal entries a client touched: entries only the server may create (a client's
   * is removed: its author would be a claim), and decidedBy stamped with the connection's user.
   */
  const pendingProposals = new Map<string, Map<string, { created: boolean; editor: BoardEditor | null }>>();
  /**
   * Per board, jobs whose `confirmation` a client wrote (or whose whole entry it replaced): only
   * the server writes it, from visit_responses, so the flush puts the tables' answer back.
   */
  const pendingConfirmations = new Map<string, Set<string>>();
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  const report = options.onError ?? ((error: unknown) => console.error("board sync:", error));

  const compactAfter = options.compactAfter ?? { updates: COMPACT_AFTER_UPDATES, ms: COMPACT_AFTER_MS };
  /** Per open board, client updates appended since its last compaction, and when that was. */
  const sinceCompaction = new Map<string, { updates: number; at: number }>();
  let compactEveryStore = false;
  /** Open boards whose last store left the log as it was: compacted when unloaded, or when the server closes. */
  const uncompacted = new Map<string, Y.Doc>();

  const compactions = new Map<string, Promise<void>>();
  /** One compaction per board at a time; a load waits for it rather than read a half-folded log. */
  function compact(documentName: string, live: Y.Doc | undefined): Promise<void> {
    const previous = compactions.get(documentName) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => store.compact(documentName, live));
    const tracked = next.finally(() => {
      if (compactions.get(documentName) === tracked) compactions.delete(documentName);
    });
    compactions.set(documentName, tracked);
    return next;
  }

  /**
   * A read-only copy of the stored board in this code's shape, or null when newer code has
   * stored it since (a rolling deploy): then the tables are that code's to catch up.
   */
  async function storedBoard(documentName: string): Promise<Y.Doc | null> {
    const doc = new Y.Doc();
    applyStoredDocument(doc, await store.load(documentName), SERVER_ORIGIN);
    if (migrateBoard(doc, SERVER_ORIGIN).ok) return doc;
    doc.destroy();
    return null;
  }

  /** Work that outlives the hook that started it; shutdown waits for it. */
  function inBackground(work: () => Promise<unknown>) {
    const task = work()
      .catch(report)
      .finally(() => running.delete(task));
    running.add(task);
  }

  /** Off the flush's path: the next job's write does not wait for the queue. */
  const onStatusChange = (change: JobStatusChange) => inBackground(() => afterJobStatusCommitted(change, onMyWay));

  async function flushToDatabase(documentName: string, doc: Y.Doc) {
    const ids = pendingJobIds.get(documentName);
    pendingJobIds.delete(documentName);
    const proposalEdits = pendingProposals.get(documentName);
    pendingProposals.delete(documentName);
    const confirmationEdits = pendingConfirmations.get(documentName);
    pendingConfirmations.delete(documentName);
    const answers = confirmationEdits
      ? await confirmationsOf(confirmationEdits).catch((error: unknown) => {
          report(error);
          return null;
        })
      : null;
    const boardDate = parseBoardDocumentName(documentName) ?? undefined;
    await transactLogged(
      store,
      documentName,
      doc,
      () => {
        if (answers) writeConfirmations(doc, answers);
        // The document's updatedBy says who the server saw make the edit, not what the client wrote.
        const jobs = getMaps(doc).jobs;
        for (const [id, editor] of ids ?? []) {
          const job = jobs.get(id);
          if (editor && jobIdOfKey(id) !== null && job instanceof Y.Map && job.get("updatedBy") !== editor.id)
            job.set("updatedBy", editor.id);
        }
        const proposals = proposalsMap(doc);
        for (const [id, { created, editor }] of proposalEdits ?? []) {
          const entry = proposals.get(id);
          if (created && entry !== undefined) proposals.delete(id);
          else if (editor && entry instanceof Y.Map && entry.get("decidedBy") !== editor.id)
            entry.set("decidedBy", editor.id);
        }
      },
      { reconcile: true },
    );
    if (!ids) return;
    const cleared = new Set<string>();
    const onConfirmationCleared = (jobId: number) => cleared.add(String(jobId));
    // The changed jobs only: reading the whole board here would make every edit cost the board.
    // One set-based write for all of them: the tables' cost is per flush, not per job.
    const jobs = getMaps(doc).jobs;
    const writes: BoardJobWrite[] = [];
    for (const [id, editor] of ids) {
      const map = jobs.get(id);
      if (map instanceof Y.Map) writes.push({ job: readJob(map, id), editor });
    }
    await tables.writeJobs(db, writes, { onStatusChange, onConfirmationCleared, boardDate, onError: report });
    await showClearedAnswers(documentName, doc, cleared);
  }

  /**
   * A re-planned start answered a reschedule request: the board says so, from the tables (an
   * answer that came in meanwhile wins over the clearing).
   */
  async function showClearedAnswers(documentName: string, doc: Y.Doc, cleared: Set<string>): Promise<void> {
    if (cleared.size === 0) return;
    const after = await confirmationsOf(cleared);
    await transactLogged(store, documentName, doc, () => writeConfirmations(doc, after));
  }

  /** What the tables say about these jobs' confirmations (null for no answer, or a key that is not a job). */
  async function confirmationsOf(jobKeys: Iterable<string>): Promise<Map<string, VisitConfirmation | null>> {
    const keys = [...jobKeys];
    const ids = keys.map(jobIdOfKey).filter((id) => id !== null);
    const known = await tables.jobConfirmations(db, ids);
    return new Map(keys.map((key) => [key, known.get(key) ?? null]));
  }

  const hasPendingFlush = (documentName: string) =>
    pendingJobIds.has(documentName) || pendingProposals.has(documentName) || pendingConfirmations.has(documentName);

  /** Per board, the flush under way (with its follow-up scheduling). */
  const flushing = new Map<string, Promise<void>>();

  /** Per board, when its last flush started. */
  const lastFlushAt = new Map<string, number>();

  function startFlushTimer(documentName: string, doc: Y.Doc) {
    const sinceLast = performance.now() - (lastFlushAt.get(documentName) ?? -Infinity);
    const delay = Math.max(DATABASE_SYNC_DELAY_MS, FLUSH_INTERVAL_MS - sinceLast);
    timers.set(
      documentName,
      setTimeout(() => inBackground(() => runFlush(documentName, doc)), delay),
    );
  }

  /** Flushes now; edits that come in meanwhile get the next timer once it is done. */
  function runFlush(documentName: string, doc: Y.Doc): Promise<void> {
    timers.delete(documentName);
    lastFlushAt.set(documentName, performance.now());
    const run = flushToDatabase(documentName, doc).finally(() => {
      flushing.delete(documentName);
      if (hasPendingFlush(documentName) && !timers.has(documentName)) startFlushTimer(documentName, doc);
    });
    flushing.set(documentName, run);
    return run;
  }

  function scheduleFlush(documentName: string, doc: Y.Doc, jobIds: Iterable<string>, editor: BoardEditor | null) {
    const pending = pendingJobIds.get(documentName) ?? new Map<string, BoardEditor | null>();
    for (const id of jobIds) pending.set(id, editor ?? pending.get(id) ?? null);
    pendingJobIds.set(documentName, pending);
    if (!timers.has(documentName) && !flushing.has(documentName)) startFlushTimer(documentName, doc);
  }

  return {
    extensionName: "board",

    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },

    /** From now on every store compacts (the server is closing: what it leaves is snapshot, not log). */
    compactOnEveryStore() {
      compactEveryStore = true;
    },

    /** Compacts the open boards whose stores skipped it (the server is closing). */
    async compactLoaded() {
      const boards = [...uncompacted];
      uncompacted.clear();
      await Promise.all(boards.map(([name, document]) => compact(name, document).catch(report)));
    },

    async beforeSync({ type, payload, connection, context, documentName }: beforeSyncPayload) {
      if (connection.readOnly || (type !== SYNC_STEP_2 && type !== SYNC_UPDATE)) return;
      // Every client answers the first sync with its state, usually empty: nothing to keep.
      if (isEmptyUpdate(payload)) return;
      // The author is the connection's authenticated user (auth extension), never the document's content.
      const author = (context as { user?: BoardEditor } | undefined)?.user?.id ?? null;
      await store.append(documentName, payload, author);
      const since = sinceCompaction.get(documentName);
      if (since) since.updates++;
    },

    async onLoadDocument({ document, documentName, instance, context }: onLoadDocumentPayload) {
      const date = parseBoardDocumentName(documentName);
      if (!date) throw new Error(`Not a board document: ${documentName}`);
      const timing = startLoadTrace(documentName);
      await compactions.get(documentName)?.catch(() => undefined);
      timing.mark("wait for compaction");
      // The socket whose client set this load off (collab-server.ts); a direct connection has none.
      const gate = firstSyncGateOf(context);
      const firstSync: FirstSyncAnswer | undefined = gate && {
        wanted: () => gate.awaits(documentName),
        answer(copy) {
          timing.mark("lock + read first sync copy (SQL)");
          // A copy in another shape would reach the client before the server migrates it.
          const written = copy.shape === BOARD_SCHEMA_VERSION ? gate.answer(documentName, copy) : null;
          if (!written) return false;
          timing.mark("first sync answered from the store");
          void written.then(() => (timing.trace.firstSyncWrittenMs = timing.sinceStart()));
          return true;
        },
      };
      const { log } = await store.loadExclusive(
        documentName,
        async (stored, tx) => {
          timing.mark(stored.snapshotEncoding === "v1" ? "read log (SQL)" : "lock + read stored (SQL)");
          timing.trace.snapshotBytes = stored.snapshot?.byteLength ?? 0;
          timing.trace.logRows = stored.log.length;
          // The reads that do not depend on the board go out first, so the database answers them
          // while this thread decodes (most of a load): one round trip is overlapped, more on a
          // pool. Read in the same transaction as before, so they see what they saw then.
          const techsRead = tables.loadTechs(tx, date);
          const answersRead = tables.loadConfirmations(tx, date);
          // A refused board rejects the load before they are awaited: not an unhandled rejection.
          void Promise.allSettled([techsRead, answersRead]);
          await new Promise<void>((resolve) => setImmediate(resolve));
          timing.mark("send catch-up queries");
          loadStoredDocument(document, stored, SERVER_ORIGIN);
          timing.mark("decode stored board");
          // Migrated before anything reads it, so the tables' news lands in the shape this code
          // writes. A refusal throws before anything is appended: the stored board stays as it was.
          const migration = migrateLoadedBoard(documentName, document);
          timing.mark("migrate");
          const jobMaps = getMaps(document).jobs;
          const techs = await techsRead;
          timing.mark("tables: technicians (SQL, rest)");
          const answers = await answersRead;
          timing.mark("tables: confirmations (SQL, rest)");
          // Which jobs the board lacks can only be asked once it is decoded.
          const newJobs = await tables.loadJobsMissingFrom(tx, date, (id) => jobMaps.has(id));
          timing.mark("tables: missing jobs (SQL)");
          const updates = [
            ...migration.updates,
            ...serverEdit(document, () => {
              let changed = initBoard(document, date);
              for (const tech of techs) changed = upsertTech(document, tech) || changed;
              for (const job of newJobs) changed = upsertJob(document, job) || changed;
              changed = syncConfirmations(document, answers) || changed;
              // A stored board was reconciled after its last edit; only news, a crash or a new shape can unsettle it.
              if (changed || migration.migrated || stored.log.length > 0 || !stored.snapshot)
                reconcileBoard(document, SERVER_ORIGIN);
            }),
          ];
          timing.mark("apply tables' news + reconcile");
          return updates;
        },
        { firstSync },
      );
      timing.mark("append + commit (SQL)");

      sinceCompaction.set(documentName, { updates: 0, at: Date.now() });
      // From here on, reconciles follow the edits (the load left the board reconciled).
      reconcilers.set(document, trackBoard(document));
      timing.mark("track board");
      timing.publish();

      // A log left over means the last run ended without storing (a crash): catch the tables
      // up with the edits it acknowledged and fold the log into the snapshot. Neither may
      // hold up the first sync, so both start once the loading client has been answered.
      if (log.length > 0) {
        inBackground(async () => {
          await new Promise((resolve) => setTimeout(resolve, CATCH_UP_DELAY_MS));
          // The board may have been unloaded meanwhile, and loaded again with edits this copy
          // never saw (a technician's status applied by the server): then its stored state is
          // the truth, and writing this stale copy to the tables would undo those edits.
          const live = instance.documents.get(documentName) === document ? document : undefined;
          const board = live ?? (await storedBoard(documentName));
          if (board) {
            const cleared = new Set<string>();
            const onConfirmationCleared = (jobId: number) => cleared.add(String(jobId));
            const outOfStep = await tables.jobsOutOfStep(db, Object.values(readBoard(board).jobs));
            await tables.writeJobs(
              db,
              outOfStep.map((job) => ({ job })),
              { onStatusChange, onConfirmationCleared, boardDate: date, onError: report },
            );
            if (live) await showClearedAnswers(documentName, live, cleared);
            else board.destroy();
          }
          await compact(documentName, live);
        });
      }

      getMaps(document).jobs.observeDeep((events, transaction) => {
        if (transaction.origin === SERVER_ORIGIN) return;
        const changed = new Set<string>();
        const confirmations = new Set<string>();
        for (const event of events) {
          const keys = (event as Y.YMapEvent<unknown>).keysChanged as Set<string>;
          if (event.path.length === 0) {
            // A whole entry replaced by a client brings whatever confirmation it likes.
            for (const key of keys) {
              changed.add(key);
              confirmations.add(key);
            }
          } else {
            const key = String(event.path[0]);
            changed.add(key);
            if (keys.has("confirmation")) confirmations.add(key);
          }
        }
        if (confirmations.size > 0) {
          const pending = pendingConfirmations.get(documentName) ?? new Set<string>();
          for (const key of confirmations) pending.add(key);
          pendingConfirmations.set(documentName, pending);
        }
        if (changed.size > 0) scheduleFlush(documentName, document, changed, editorOf(transaction.origin));
      });

      proposalsMap(document).observeDeep((events, transaction) => {
        if (transaction.origin === SERVER_ORIGIN) return;
        const editor = editorOf(transaction.origin);
        const touched =
          pendingProposals.get(documentName) ?? new Map<string, { created: boolean; editor: BoardEditor | null }>();
        for (const event of events) {
          if (event.path.length === 0) {
            for (const [key, change] of (event as Y.YMapEvent<unknown>).changes.keys)
              // A key a client added or replaced is a proposal the server did not make.
              if (change.action !== "delete") touched.set(key, { created: true, editor });
          } else {
            const key = String(event.path[0]);
            if (!touched.get(key)?.created) touched.set(key, { created: false, editor });
          }
        }
        if (touched.size === 0) return;
        pendingProposals.set(documentName, touched);
        scheduleFlush(documentName, document, [], editor);
      });
    },

    async onStoreDocument({ documentName, document }: onStoreDocumentPayload) {
      // The flush under way first (it may start the next timer), then whatever is still pending.
      await flushing.get(documentName)?.catch(() => undefined);
      const timer = timers.get(documentName);
      if (timer) clearTimeout(timer);
      if (timer || hasPendingFlush(documentName)) await runFlush(documentName, document);
      const since = sinceCompaction.get(documentName);
      const due =
        compactEveryStore ||
        document.getConnectionsCount() === 0 ||
        since === undefined ||
        since.updates >= compactAfter.updates ||
        Date.now() - since.at >= compactAfter.ms;
      if (!due) {
        uncompacted.set(documentName, document);
        return;
      }
      uncompacted.delete(documentName);
      sinceCompaction.set(documentName, { updates: 0, at: Date.now() });
      await compact(documentName, document);
    },

    // Hocuspocus unloads a board whose last store is done without storing it again: the log a
    // skipped compaction left is folded now, so the next load reads a snapshot, not a long log.
    async beforeUnloadDocument({ documentName, document }: beforeUnloadDocumentPayload) {
      if (uncompacted.get(documentName) !== document) return;
      uncompacted.delete(documentName);
      await compact(documentName, document);
    },

    afterUnloadDocument({ documentName }: afterUnloadDocumentPayload) {
      sinceCompaction.delete(documentName);
      lastFlushAt.delete(documentName);
      collectGarbageSoon();
      return Promise.resolve();
    },
  };
}
