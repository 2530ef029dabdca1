import { bigint, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import type { BoardEffect, BoardMirror } from "../../../lib/domain/board/mirror";

const bytea = customType<{ data: Uint8Array; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value),
});

/**
 * Collaboration documents (the live boards), durable to the last acknowledged edit:
 * every update a client sends is appended to `collab_updates` before the server
 * acknowledges it; a store merges the log rows it read into `collab_documents.state` (v2 encoding)
 * and deletes exactly those rows, so a document is always state + remaining rows.
 */
export const collabDocuments = pgTable("collab_documents", {
  name: text().primaryKey(),
  state: bytea().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  /**
   * The same state in Yjs' v1 encoding (the one the sync protocol carries), its state vector and
   * the shape (board schema version) it is in: a cold load answers a new client's first sync with
   * these bytes as they are, and the server decodes the same bytes (server/collab/first-sync.ts).
   * Written with `state`, from the same document, by the store's compaction (the only writer of
   * `state`); anything that ever writes `state` otherwise must write these or set them to null.
   * Null for a document whose shape the store was not told, or stored before they existed.
   */
  firstSync: bytea(),
  firstSyncVector: bytea(),
  firstSyncShape: integer(),
});

export const collabUpdates = pgTable(
  "collab_updates",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    documentName: text().notNull(),
    update: bytea().notNull(),
    /** The staff user whose connection sent the update; null for the server's own edits. No foreign key: the log must stay cheap to append to. */
    authorId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.documentName, t.id)],
);

/**
 * Every update a compaction merged, kept with its author and time so a day's board can be
 * rebuilt at any instant (server/services/dispatch/board-history.ts). Rows keep their
 * `collab_updates` id, so history and the live log read as one sequence. Pruned after
 * COLLAB_HISTORY_DAYS.
 */
export const collabHistory = pgTable(
  "collab_history",
  {
    id: bigint({ mode: "number" }).primaryKey(),
    documentName: text().notNull(),
    update: bytea().notNull(),
    authorId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    /**
     * What the update did to the board (lib/domain/board/mirror.ts BoardEffect[]), written by the
     * history's checkpointing after Yjs applied it; null until then. A rebuild applies these to a
     * checkpoint's JSON board instead of decoding Yjs state.
     */
    effects: jsonb().$type<BoardEffect[]>(),
  },
  (t) => [index().on(t.documentName, t.id), index().on(t.documentName, t.createdAt)],
);

/**
 * The document's state after every update up to `upToId` (v2 encoding), so a rebuild applies
 * at most a few thousand updates. The first one of a document is its snapshot before the first
 * compaction that kept history; later ones are made from the history itself, never from the
 * live document (which may already hold updates after `upToId`).
 */
export const collabHistoryCheckpoints = pgTable(
  "collab_history_checkpoints",
  {
    documentName: text().notNull(),
    upToId: bigint({ mode: "number" }).notNull(),
    state: bytea().notNull(),
    /** The same board as JSON (BoardMirror); null on checkpoints made before effects were kept. */
    board: jsonb().$type<BoardMirror>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.documentName, t.upToId] })],
);
