/**
 * A file written inside a transaction outlives the transaction when it fails (a crash, a lost
 * connection, a refused commit): the object is in the store and no row names it. Before such a
 * write, its key is recorded here in a committed row of its own; the transaction that records
 * the file deletes the row with its commit. A row that outlives its transaction is the mark of a
 * file nobody refers to, which the orphan-files sweeper (orphan-files.ts) removes.
 */
import { eq, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { storageIntents } from "../../db/schema";

/** Call outside the transaction that writes the file, before it starts: the row must be committed first. */
export async function recordStorageIntent(db: Queryable, storageKey: string): Promise<void> {
  await db
    .insert(storageIntents)
    .values({ storageKey })
    // A retry of the same upload (same key) starts its grace period again.
    .onConflictDoUpdate({ target: storageIntents.storageKey, set: { createdAt: sql`now()` } });
}

/** Call inside the transaction that records the file: the intent goes with its commit. */
export async function clearStorageIntent(tx: Queryable, storageKey: string): Promise<void> {
  await tx.delete(storageIntents).where(eq(storageIntents.storageKey, storageKey));
}
