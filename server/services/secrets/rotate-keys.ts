import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { rowsOf } from "../../db/client";
import { bindingOf, ENCRYPTED_COLUMNS, type EncryptedColumn } from "../../crypto/encrypted-columns";
import { openSecret, sealSecret, type EncryptionKey } from "../../crypto/secret-box";

export interface RotationProgress {
  table: string;
  column: string;
  /** Values re-sealed in this batch. */
  rewritten: number;
  /** The highest row id looked at so far. */
  lastId: number;
}

export interface RotationReport {
  rewritten: number;
  /** False when `maxBatches` stopped the run early: run it again to finish. */
  done: boolean;
}

/**
 * `npm run keys:rotate`: re-seals every sealed value (ENCRYPTED_COLUMNS) that is not on the ring's
 * newest key, old format included, in batches of `batchSize` rows, one transaction per batch.
 * Idempotent and resumable without any state of its own: a value already on the newest key is not
 * selected again, so a run stopped at any point (or by `maxBatches`) is finished by running it again.
 * A value that does not open (copied from another row, altered, or sealed by a key the ring lacks)
 * stops the run with its row named; its batch is rolled back and earlier batches stay done.
 */
export async function rotateEncryptionKeys(
  db: Database,
  keys: readonly EncryptionKey[],
  options: { batchSize?: number; maxBatches?: number; onBatch?: (progress: RotationProgress) => void } = {},
): Promise<RotationReport> {
  const newest = keys[0];
  if (!newest) throw new Error("No encryption key: set APP_ENCRYPTION_KEYS");
  const batchSize = options.batchSize ?? 500;
  let batches = 0;
  let rewritten = 0;
  for (const column of ENCRYPTED_COLUMNS) {
    let lastId = 0;
    for (;;) {
      if (options.maxBatches !== undefined && batches >= options.maxBatches) return { rewritten, done: false };
      const count = await db.transaction(async (tx) => {
        const rows = await rowsOf<{ id: number; sealed: string }>(tx, staleRows(column, newest.id, lastId, batchSize));
        for (const row of rows) {
          const binding = bindingOf(column, row.id);
          const resealed = sealSecret(openSecret(row.sealed, keys, binding), [newest], binding);
          await tx.execute(
            sql`update ${sql.identifier(column.table)} set ${sql.identifier(column.column)} = ${resealed} where ${sql.identifier(column.idColumn)} = ${row.id}`,
          );
        }
        lastId = rows.at(-1)?.id ?? lastId;
        return rows.length;
      });
      if (count === 0) break;
      batches++;
      rewritten += count;
      options.onBatch?.({ table: column.table, column: column.column, rewritten: count, lastId });
    }
  }
  return { rewritten, done: true };
}

/** Rows of `column` after `afterId` not sealed by `newestId`, locked so a concurrent run waits rather than re-sealing twice. */
function staleRows(column: EncryptedColumn, newestId: string, afterId: number, limit: number) {
  const [id, value] = [sql.identifier(column.idColumn), sql.identifier(column.column)];
  // Key ids may hold "_", a LIKE wildcard.
  const prefix = `v2.${newestId.replace(/_/g, "\\_")}.%`;
  return sql`select ${id} as id, ${value} as sealed from ${sql.identifier(column.table)}
    where ${value} is not null and ${value} not like ${prefix} and ${id} > ${afterId}
    order by ${id} limit ${limit} for update`;
}
