import { eq, inArray, asc, sql } from "drizzle-orm";
import * as Y from "yjs";
import type { Database, Queryable } from "../db/client";
import { collabDocuments, collabHistoryCheckpoints, collabUpdates } from "../db/schema";
import { groupCommit, type GroupCommitStats } from "./group-commit";

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
  log: Uint8Array[];
}

export function applyStoredDocument(doc: Y.Doc, stored: StoredDocument, origin: unknown): void {
  if (stored.snapshot) Y.applyUpdateV2(doc, stored.snapshot, origin);
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
  const log = await db
    .select({ update: collabUpdates.update })
    .from(collabUpdates)
    .where(eq(collabUpdates.documentName, documentName))
    .orderBy(asc(collabUpdates.id));
  return { snapshot: snapshot?.state ?? null, log: log.map((row) => row.update) };
}

/**
 * A batch's bound: PostgreSQL takes at most 65,535 parameters per statement (3 per row here), and a
 * board's largest legitimate update is a few MiB (collab-server.ts), which still goes, alone.
 */
const LOG_BATCH_ROWS = 1_000;
const LOG_BATCH_BYTES = 8 * 1024 * 1024;

export function createDatabaseCollabStore(db: Database): CollabStore {
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

    async loadExclusive(documentName, prepare) {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${LOAD_LOCK}::int, hashtext(${documentName}))`);
        const stored = await readStored(tx, documentName);
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
          .set({ state: Y.encodeStateAsUpdateV2(doc), updatedAt: new Date() })
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
