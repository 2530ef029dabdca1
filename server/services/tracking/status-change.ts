/**
 * What a job's status change means for its customer's tracking link, in two steps for
 * whoever changes a status (the board's sync, the technician view):
 * 1. inside the transaction that writes the status: applyJobStatusChange, so the link
 *    expires (done + 1 h, cancelled at once) together with the change, or reopens with it,
 *    and the job's ticket (if any) gets a note in its thread;
 * 2. once it has committed: afterJobStatusCommitted, which queues the "on my way" SMS when
 *    the job went en route. Queued after the commit, so the job handler reads the new status;
 *    the handler and the SMS ledger make a second queueing harmless.
 */
import { eq, sql } from "drizzle-orm";
import type { Queryable, Transaction } from "../../db/client";
import { trackingLinks } from "../../db/schema";
import type { JobStatus } from "../../../lib/domain/board/types";
import { linkExpiryFor } from "../../../lib/domain/tracking/link-state";
import { ON_MY_WAY_QUEUE, onMyWayJobKey, type JobSender } from "../background-jobs";
import { noteStatusOnTicket } from "../dispatch/ticket-notes";

export interface JobStatusChange {
  jobId: number;
  from: JobStatus;
  to: JobStatus;
  /** When the change was made: the done time the link's expiry counts from. */
  at: Date;
  /**
   * The job's ticket when the caller has read its row (null: it has none, and no note is tried);
   * left out, the note's own query finds it.
   */
  ticketId?: number | null;
}

/** The queue seam, as billing runs have theirs; tests pass a recorder. */
export interface OnMyWayJobs {
  enqueue(jobId: number): Promise<void>;
}

/** The "on my way" jobs on the process's job queue. */
export function onMyWayJobs(jobs: JobSender): OnMyWayJobs {
  return {
    async enqueue(jobId) {
      // null when one is already queued for this job: that one will send.
      await jobs.send(ON_MY_WAY_QUEUE, { jobId }, { singletonKey: onMyWayJobKey(jobId) });
    },
  };
}

/**
 * Everything a status change carries with it inside its transaction, for every writer of a
 * job's status (the board's sync and the technician's phone): the tracking link's expiry and
 * the note on the job's ticket.
 */
export async function applyJobStatusChange(tx: Transaction, change: JobStatusChange): Promise<void> {
  await applyStatusToTrackingLink(tx, change);
  await noteStatusOnTicket(tx, change);
}

export async function applyStatusToTrackingLink(tx: Queryable, change: JobStatusChange): Promise<void> {
  const expiresAt = linkExpiryFor(change.to, change.at);
  // Between open statuses (assigned → en route → on site) the expiry stays null: nothing to write.
  if (expiresAt === null && linkExpiryFor(change.from, change.at) === null) return;
  await tx
    .update(trackingLinks)
    .set({ expiresAt, updatedAt: sql`now()` })
    .where(eq(trackingLinks.jobId, change.jobId));
}

export async function afterJobStatusCommitted(change: JobStatusChange, jobs: OnMyWayJobs): Promise<void> {
  if (change.to === "en_route" && change.from !== "en_route") await jobs.enqueue(change.jobId);
}
