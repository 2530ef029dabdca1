import { eq, sql } from "drizzle-orm";
import { billingRuns } from "../../db/schema";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { BILLING_RUN_QUEUE, billingRunKey, type JobSender } from "../background-jobs";
import type { ServiceDeps } from "../deps";
import { countProgress, openRun, runMonth, summarize, type BillingRunSummary } from "./billing-run-rows";

/** What starting a run needs from the job system. */
interface BillingRunJobs {
  /** Queues the job that runs (or resumes) the month; a duplicate of a queued one is dropped. */
  enqueueRun(run: { id: number; runDate: string; periodMonth: string }): Promise<void>;
  /** A job for the month is queued, waiting for a retry, or being worked on by a live worker. */
  hasPendingRun(periodMonth: string): Promise<boolean>;
}

/** The start-a-run seam on the process's job queue (the handlers are in server/jobs/billing-jobs.ts). */
function billingRunJobs(jobs: JobSender): BillingRunJobs {
  return {
    async enqueueRun(run) {
      await jobs.send(
        BILLING_RUN_QUEUE,
        { runId: run.id, runDate: run.runDate },
        { singletonKey: billingRunKey(run.periodMonth) },
      );
    },
    async hasPendingRun(periodMonth) {
      const [latest] = await jobs.jobsByKey(BILLING_RUN_QUEUE, billingRunKey(periodMonth), 1);
      return latest !== undefined && ["created", "retry", "active"].includes(latest.state);
    },
  };
}

/**
 * billing.startRun: opens the month's run row at once (the page can follow it from the first
 * second) and queues the job that does the work. Double clicks and two clerks give one job: only
 * the call that moves the row to `running` queues it. A row already `running` with no job alive
 * (its job gave up after a crash) is queued again, which is how the clerk resumes a stuck run.
 */
export async function startBillingRun(
  deps: Pick<ServiceDeps, "db" | "jobs">,
  actor: Actor,
  input: { runDate: string },
): Promise<BillingRunSummary> {
  const { db } = deps;
  const jobs = billingRunJobs(deps.jobs);
  const m = runMonth(input.runDate);
  const { row, opened } = await openRun(db, m, actor, await countProgress(db, m));
  if (opened || !(await jobs.hasPendingRun(row.periodMonth))) {
    try {
      await jobs.enqueueRun(row);
    } catch (error) {
      const failed = await db.transaction(async (tx) => {
        const [updated] = await tx
          .update(billingRuns)
          .set({
            status: "failed",
            lastError: `the run could not be queued: ${(error as Error).message}`.slice(0, 1000),
            updatedAt: sql`now()`,
          })
          .where(eq(billingRuns.id, row.id))
          .returning();
        // The run's status changed for the clerk who started it: the log says so, with the same words.
        if (updated)
          await recordAudit(tx, actor, {
            action: "billing_run.queue_failed",
            entityType: "billing_run",
            entityId: row.id,
            changes: { status: { from: row.status, to: "failed" }, lastError: { from: null, to: updated.lastError } },
          });
        return updated;
      });
      if (failed) return summarize(failed);
      throw error;
    }
  }
  return summarize(row);
}
