import { eq, inArray, asc, sql } from "drizzle-orm";
import * as Y from "yjs";
import type { Database, Queryable } from "../db/client";
import { collabDocuments, collabHistoryCheckpoints, collabUpdates } from "../db/schema";
import { groupCommit, type GroupCommitStats } from "./group-commit";
import type { StoredFirstSync } from "./first-sync";

/** Where collaboration documents live; passed to the extensions, never imported by them. */
export interface CollabStore {
  /**
   * Appends one update; resolves once it is committed (the server acknowledges only after).
   * `authorId` is the staff user whose connection sent it (null: the server's own edit), kept
   * for the board's history. Appends that arrive together share one INSERT (group-commit.ts).
   */
  append(documentName: string, update: Uint8Array, authorId?: string | null): Promise<void>;
  /** How many rows the appends wrote, in how many round trips (benchmarks). */
  appendStats(): GroupCommitStats;
  /** What makes the document: its snapshot (null if never stored) and the log since. */
  load(documentName: string): Promise<StoredDocument>;
  /**
   * Loads the document and appends what `prepare` builds from it, as one unit no other
   * instance's load of the same document interleaves with. With several instances, two loads
   * that both built the board's missing jobs from the tables would each create their own map
   * for a job; Yjs keeps one of them, and edits made through the other would vanish.
   * `prepare` reads through the queryable it is given (PGlite has one connection).
   */
  loadExclusive(
    documentName: string,
    prepare: (stored: StoredDocument, tx: Queryable) => Promise<Uint8Array[]>,
    options?: LoadOptions,
  ): Promise<StoredDocument>;
  /**
   * Merges the log into the snapshot and moves the merged rows to the history
   * (`collab_history`). With the live document (the server holds it in memory), the snapshot
   * is encoded from it instead of being rebuilt from storage.
   */
  compact(documentName: string, live?: Y.Doc): Promise<void>;
}

/**
 * Snapshots use Yjs' v2 update encoding: a third smaller and faster to decode for a board of
 * thousands of small maps, which is most of a cold load. Log rows are v1, as clients send them.
 */
export interface StoredDocument {
  snapshot: Uint8Array | null;
  /** "v1" when the load answered a first sync with the snapshot's protocol copy and read that instead. */
  snapshotEncoding?: "v1";
  log: Uint8Array[];
}

/** The snapshot's copy in the sync protocol's encoding (first-sync.ts), and the shape it is in. */
export interface StoredFirstSyncCopy extends StoredFirstSync {
  shape: number;
}

/**
 * A cold load answering a waiting client's first sync with the stored protocol copy. When it
 * does, the load decodes that same copy rather than reading the snapshot as well: the server's
 * board is then exactly what the client was sent, plus the log, which the state vector it hands
 * Hocuspocus says the client lacks.
 */
export interface FirstSyncAnswer {
  /** Asked once the load holds its lock: whether a client's first sync waits for this load. */
  wanted(): boolean;
  /** Given the stored copy; true when it was sent. */
  answer(copy: StoredFirstSyncCopy): boolean;
}

export interface LoadOptions {
  firstSync?: FirstSyncAnswer;
}

export interface StoreOptions {
  /**
   * The shape a document is in (a board's schema version), or null for one that has none. A
   * snapshot is stored with its protocol copy only when its shape is known, so that a copy is
   * never sent to a client of code that reads another shape.
   */
  shapeOf?: (documentName: string, doc: Y.Doc) => number | null;
}

export function applyStoredDocument(doc: Y.Doc, stored: StoredDocument, origin: unknown): void {
  if (stored.snapshot && stored.snapshotEncoding === "v1") Y.applyUpdate(doc, stored.snapshot, origin);
  else if (stored.snapshot) Y.applyUpdateV2(doc, stored.snapshot, origin);
  for (const update of stored.log) Y.applyUpdate(doc, update, origin);
}

/**
 * applyStoredDocument for a document being loaded, which nobody is connected to yet. Yjs encodes
 * every transaction again as an update for the document's "update" listeners, and Hocuspocus
 * listens (to broadcast): applying the snapshot would encode the whole board a second time, as
 * large as the first sync reply, for a broadcast with nobody to reach. The listeners are set
 * aside meanwhile, so the stored bytes are decoded once and the board is encoded once, for the
 * sync reply.
 */
export function loadStoredDocument(doc: Y.Doc, stored: StoredDocument, origin: unknown): void {
  const listeners = doc._observers.get("update");
  doc._observers.delete("update");
  try {
    applyStoredDocument(doc, stored, origin);
  } finally {
    if (listeners !== undefined) doc._observers.set("update", listeners);
  }
}

/** Advisory lock namespace of board loads (the second key is the name's hash). */
const LOAD_LOCK = 7_420_003;

async function readStored(db: Queryable, documentName: string): Promise<StoredDocument> {
  const [snapshot] = await db
    .select({ state: collabDocuments.state })
    .from(collabDocuments)
    .where(eq(collabDocuments.name, documentName));
  return { snapshot: snapshot?.state ?? null, log: await readLog(db, documentName) };
}

async function readLog(db: Queryable, documentName: string): Promise<Uint8Array[]> {
  const log = await db
    .select({ update: collabUpdates.update })
    .from(collabUpdates)
    .where(eq(collabUpdates.documentName, documentName))
    .orderBy(asc(collabUpdates.id));
  return log.map((row) => row.update);
}

/**
 * A batch's bound: PostgreSQL takes at most 65,535 parameters per statement (3 per row here), and a
 * board's largest legitimate update is a few MiB (collab-server.ts), which still goes, alone.
 */
const LOG_BATCH_ROWS = 1_000;
const LOG_BATCH_BYTES = 8 * 1024 * 1024;

/** The protocol copy of a stored document, read apart from its snapshot (which the server decodes). */
async function readFirstSync(db: Queryable, documentName: string): Promise<StoredFirstSyncCopy | null> {
  const [row] = await db
    .select({
      update: collabDocuments.firstSync,
      stateVector: collabDocuments.firstSyncVector,
      shape: collabDocuments.firstSyncShape,
    })
    .from(collabDocuments)
    .where(eq(collabDocuments.name, documentName));
  if (!row?.update || !row.stateVector || row.shape === null) return null;
  return { update: row.update, stateVector: row.stateVector, shape: row.shape };
}

/** The columns of a snapshot encoded from `doc`: v2 for the server, and the v1 copy when its shape is known. */
function snapshotColumns(documentName: string, doc: Y.Doc, shapeOf: StoreOptions["shapeOf"]) {
  const shape = shapeOf?.(documentName, doc) ?? null;
  return {
    state: Y.encodeStateAsUpdateV2(doc),
    firstSync: shape === null ? null : Y.encodeStateAsUpdate(doc),
    firstSyncVector: shape === null ? null : Y.encodeStateVector(doc),
    firstSyncShape: shape,
  };
}

export function createDatabaseCollabStore(db: Database, options: StoreOptions = {}): CollabStore {
  const log = groupCommit<{ documentName: string; update: Uint8Array; authorId: string | null }>(
    async (rows) => {
      await db.insert(collabUpdates).values(rows);
    },
    { maxItems: LOG_BATCH_ROWS, maxBytes: LOG_BATCH_BYTES, sizeOf: (row) => row.update.byteLength },
  );
  return {
    append: (documentName, update, authorId = null) => log.add({ documentName, update, authorId }),
    appendStats: () => log.stats(),

    load: (documentName) => readStored(db, documentName),

    async loadExclusive(documentName, prepare, loadOptions = {}) {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${LOAD_LOCK}::int, hashtext(${documentName}))`);
        const firstSync = loadOptions.firstSync;
        const copy = firstSync?.wanted() ? await readFirstSync(tx, documentName) : null;
        const stored: StoredDocument =
          copy && firstSync!.answer(copy)
            ? { snapshot: copy.update, snapshotEncoding: "v1", log: await readLog(tx, documentName) }
            : await readStored(tx, documentName);
        const updates = await prepare(stored, tx);
        if (updates.length > 0)
          await tx.insert(collabUpdates).values(updates.map((update) => ({ documentName, update })));
        return stored;
      });
    },

    async compact(documentName, live) {
      await db.transaction(async (tx) => {
        // The row lock serializes compactions of one document across instances.
        await tx
          .insert(collabDocuments)
          .values({ name: documentName, state: Y.encodeStateAsUpdateV2(new Y.Doc()) })
          .onConflictDoNothing();
        const [snapshot] = await tx
          .select()
          .from(collabDocuments)
          .where(eq(collabDocuments.name, documentName))
          .for("update");
        const log = await tx
          .select({ id: collabUpdates.id, update: collabUpdates.update })
          .from(collabUpdates)
          .where(eq(collabUpdates.documentName, documentName))
          .orderBy(asc(collabUpdates.id));
        if (log.length === 0) return;
        // A row can be committed before the live document has applied it (the append's reply
        // and this query's reply race); applying is idempotent, so every row read is applied
        // before encoding. Without a live document, re-encoding through a fresh Y.Doc also
        // garbage-collects deleted content, which a plain merge would keep.
        const doc = live ?? new Y.Doc();
        if (!live) Y.applyUpdateV2(doc, snapshot!.state);
        for (const row of log) Y.applyUpdate(doc, row.update);
        await tx
          .update(collabDocuments)
          .set({ ...snapshotColumns(documentName, doc, options.shapeOf), updatedAt: new Date() })
          .where(eq(collabDocuments.name, documentName));
        // The history starts from the snapshot as it was before the first rows it keeps: boards
        // stored before history was kept, and new boards (an empty state), get their base here.
        const [anyCheckpoint] = await tx
          .select({ upToId: collabHistoryCheckpoints.upToId })
          .from(collabHistoryCheckpoints)
          .where(eq(collabHistoryCheckpoints.documentName, documentName))
          .limit(1);
        if (!anyCheckpoint)
          await tx
            .insert(collabHistoryCheckpoints)
            .values({ documentName, upToId: log[0]!.id - 1, state: snapshot!.state });
        await tx.execute(sql`
          insert into collab_history (id, document_name, update, author_id, created_at)
          select id, document_name, update, author_id, created_at from collab_updates
          where id in (${sql.join(
            log.map((row) => sql`${row.id}`),
            sql`, `,
          )})`);
        // Only the rows merged here: an append that commits meanwhile stays in the log.
        await tx.delete(collabUpdates).where(
          inArray(
            collabUpdates.id,
            log.map((row) => row.id),
          ),
        );
        if (!live) doc.destroy();
      });
    },
  };
}
