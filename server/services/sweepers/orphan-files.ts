/**
 * Files written by a transaction that never committed (storage-intents.ts): an intent older than
 * the grace period whose file nothing refers to is removed from the store, then forgotten. The
 * grace period covers the phone's retries: a retry of the same upload rewrites the same key and
 * starts the period again. One intent at a time, under its row lock, so an upload retried during
 * the sweep waits for it and then writes its file afresh.
 */
import { and, eq, lt, sql } from "drizzle-orm";
import { rowsOf, type Queryable } from "../../db/client";
import { dispatchJobPhotos, dispatchJobs, storageIntents, ticketAttachments } from "../../db/schema";
import type { ServiceDeps } from "../deps";

export const ORPHAN_GRACE_MINUTES = 60;
const BATCH = 200;

export interface OrphanSweep {
  removed: string[];
  /** Intents whose file turned out to be recorded (a replay after the commit): only the intent goes. */
  kept: string[];
}

/** The phone's client key inside a photo or signature key (see photoStorageKey, signatureStorageKey). */
function clientKeyOf(storageKey: string): string | null {
  const match = /^jobs\/\d+\/(?:photos\/([A-Za-z0-9_-]+)\.[a-z0-9]+|signature-([A-Za-z0-9_-]+)\.png)$/.exec(storageKey);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

/** Whether a row refers to the file: a photo, a job's signature, a ticket attachment, an inbound email's held file, or an action the ledger accepted with that key. */
async function referenced(tx: Queryable, storageKey: string): Promise<boolean> {
  const [photo] = await tx
    .select({ id: dispatchJobPhotos.id })
    .from(dispatchJobPhotos)
    .where(eq(dispatchJobPhotos.storageKey, storageKey));
  if (photo) return true;
  const [attachment] = await tx
    .select({ id: ticketAttachments.id })
    .from(ticketAttachments)
    .where(eq(ticketAttachments.storageKey, storageKey));
  if (attachment) return true;
  const [job] = await tx
    .select({ id: dispatchJobs.id })
    .from(dispatchJobs)
    .where(eq(dispatchJobs.signatureKey, storageKey));
  if (job) return true;
  // An inbound email's file waiting in the unmatched inbox, not yet on a ticket.
  const held = await rowsOf<{ n: number }>(
    tx,
    sql`select 1 as n from inbound_emails where held_attachments @> ${JSON.stringify([{ storageKey }])}::jsonb limit 1`,
  );
  if (held.length > 0) return true;
  // An earlier signature of a job stays stored as evidence after a newer one replaced the job's reference.
  const clientKey = clientKeyOf(storageKey);
  if (!clientKey) return false;
  const rows = await rowsOf<{ n: number }>(
    tx,
    sql`select 1 as n from technician_actions where client_key = ${clientKey} and accepted limit 1`,
  );
  return rows.length > 0;
}

export async function sweepOrphanFiles(
  deps: Pick<ServiceDeps, "db" | "storage">,
  options: { now?: Date; graceMinutes?: number } = {},
): Promise<OrphanSweep> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - (options.graceMinutes ?? ORPHAN_GRACE_MINUTES) * 60_000);
  const result: OrphanSweep = { removed: [], kept: [] };
  const candidates = await deps.db
    .select({ storageKey: storageIntents.storageKey, createdAt: storageIntents.createdAt })
    .from(storageIntents)
    .where(lt(storageIntents.createdAt, cutoff))
    .orderBy(storageIntents.createdAt)
    .limit(BATCH);
  for (const candidate of candidates) {
    await deps.db.transaction(async (tx) => {
      // Still there and still old (a retry may have renewed it since the list was read).
      const [intent] = await tx
        .select({ storageKey: storageIntents.storageKey })
        .from(storageIntents)
        .where(and(eq(storageIntents.storageKey, candidate.storageKey), lt(storageIntents.createdAt, cutoff)))
        .for("update", { skipLocked: true });
      if (!intent) return;
      if (await referenced(tx, intent.storageKey)) {
        result.kept.push(intent.storageKey);
      } else {
        await deps.storage.delete(intent.storageKey);
        result.removed.push(intent.storageKey);
      }
      await tx.delete(storageIntents).where(eq(storageIntents.storageKey, intent.storageKey));
    });
  }
  if (result.removed.length > 0)
    console.warn(`orphan-files sweep: removed ${result.removed.length} file(s) no record refers to`);
  return result;
}
