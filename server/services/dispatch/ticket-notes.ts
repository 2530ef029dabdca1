/**
 * A job made from a ticket reports back: each status change (and the technician's completion
 * summary when it is done) becomes an internal system note in the ticket's thread. Written in
 * the transaction that changes the status, so the thread never tells of a change that rolled
 * back; one INSERT … SELECT that writes nothing for a job without a ticket. It sits in its own
 * savepoint and swallows its errors: the note is a courtesy, the status change must not fail for it.
 */
import { sql } from "drizzle-orm";
import type { Transaction } from "../../db/client";
import { jobNotePrefix } from "../../../lib/domain/ticket-desk/ticket-job";
import type { JobStatusChange } from "../tracking/status-change";

export async function noteStatusOnTicket(tx: Transaction, change: JobStatusChange): Promise<void> {
  // Known to have no ticket: no savepoint and no statement (a board flush changes many such jobs).
  if (change.ticketId === null) return;
  const prefix = jobNotePrefix(change.jobId, change.to);
  const withSummary = change.to === "done";
  try {
    await tx.transaction(async (sp) => {
      await sp.execute(sql`
        INSERT INTO ticket_messages (ticket_id, channel, author_kind, author_name, body, internal, created_at)
        SELECT j.ticket_id, 'note', 'system', 'dispatch',
               ${prefix} || CASE WHEN ${withSummary} THEN coalesce(' ' || nullif(btrim(j.completion_summary), ''), '') ELSE '' END,
               true, ${change.at}
        FROM dispatch_jobs j
        WHERE j.id = ${change.jobId} AND j.ticket_id IS NOT NULL`);
    });
  } catch (error) {
    console.warn(`job ${change.jobId}: status note on its ticket not written: ${(error as Error).message}`);
  }
}
