/**
 * Queueing the "on my way" SMS, for code that changes a job's status (status-change.ts).
 * Kept apart from tracking-jobs.ts: this module needs the holder, which needs the registry,
 * which lists tracking-jobs.ts.
 */
import type { Database } from "../db/client";
import type { OnMyWayJobs } from "../services/tracking/status-change";
import { jobQueueFor } from "./holder";
import type { JobQueue } from "./job-queue";
import { ON_MY_WAY_QUEUE, onMyWayJobKey } from "./queue-names";

export function onMyWayJobs(queue: JobQueue): OnMyWayJobs {
  return {
    async enqueue(jobId) {
      // null when one is already queued for this job: that one will send.
      await queue.send(ON_MY_WAY_QUEUE, { jobId }, { singletonKey: onMyWayJobKey(jobId) });
    },
  };
}

/** The same on the process's queue for `db`, found when first needed (the board's sync has a database, not a queue). */
export function onMyWayJobsOn(db: Database): OnMyWayJobs {
  return { enqueue: async (jobId) => onMyWayJobs(await jobQueueFor(db)).enqueue(jobId) };
}
