import { eq, inArray, asc } from "drizzle-orm";
import * as Y from "yjs";
import type { Database } from "../db/client";
import { collabDocuments, collabUpdates } from "../db/schema";

/** Where collaboration documents live; passed to the extensions, never imported by them. */
export interface CollabStore {
  /** Appends one update; resolves once it is committed (the server acknowledges only after). */
  append(documentName: string, update: Uint8Array): Promise<void>;
  /** The document's full state (snapshot merged with the log), or null for a document never stored. */
  load(documentName: string): Promise<Uint8Array | null>;
  /** Merges the log into the snapshot. */
  compact(documentName: string): Promise<void>;
}

export function createDatabaseCollabStore(db: Database): CollabStore {
  return {
    async append(documentName, update) {
      await db.insert(collabUpdates).values({ documentName, update });
    },

    async load(documentName) {
      const [snapshot] = await db.select({ state: collabDocuments.state }).from(collabDocuments).where(eq(collabDocuments.name, documentName));
      const log = await db.select({ update: collabUpdates.update }).from(collabUpdates)
        .where(eq(collabUpdates.documentName, documentName)).orderBy(asc(collabUpdates.id));
      if (!snapshot && log.length === 0) return null;
      return Y.mergeUpdates([...(snapshot ? [snapshot.state] : []), ...log.map((row) => row.update)]);
    },

    async compact(documentName) {
      await db.transaction(async (tx) => {
        // The row lock serializes compactions of one document across instances.
        await tx.insert(collabDocuments).values({ name: documentName, state: Y.encodeStateAsUpdate(new Y.Doc()) }).onConflictDoNothing();
        const [snapshot] = await tx.select().from(collabDocuments).where(eq(collabDocuments.name, documentName)).for("update");
        const log = await tx.select({ id: collabUpdates.id, update: collabUpdates.update }).from(collabUpdates)
          .where(eq(collabUpdates.documentName, documentName)).orderBy(asc(collabUpdates.id));
        if (log.length === 0) return;
        // Re-encoding through a Y.Doc garbage-collects deleted content; a plain merge would keep it.
        const doc = new Y.Doc();
        Y.applyUpdate(doc, snapshot!.state);
        for (const row of log) Y.applyUpdate(doc, row.update);
        await tx.update(collabDocuments).set({ state: Y.encodeStateAsUpdate(doc), updatedAt: new Date() }).where(eq(collabDocuments.name, documentName));
        // Only the rows merged here: an append that commits meanwhile stays in the log.
        await tx.delete(collabUpdates).where(inArray(collabUpdates.id, log.map((row) => row.id)));
        doc.destroy();
      });
    },
  };
}
