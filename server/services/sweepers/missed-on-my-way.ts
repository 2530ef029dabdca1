/**
 * The "on my way" SMS is queued after the status change commits (status-change.ts): a process
 * that dies between the commit and the queueing leaves a job en route whose customer was never
 * told. This finds such jobs (en route for a little while, with a customer, and no message under
 * the SMS's dedupe key) and queues the SMS job again. Safe to repeat: the queue keeps one job per
 * dispatch job, and the send-once ledger one SMS. A job en route for longer than MAX_AGE is left
 * alone: an "on my way" hours late would mislead more than it helps.
 */
import { and, eq, gt, isNotNull, lt, sql } from "drizzle-orm";
import { dispatchJobs } from "../../db/schema";
import type { ServiceDeps } from "../deps";
import { onMyWayJobs } from "../tracking/status-change";

/** The normal path queues within a second of the commit; past this, it is not coming. */
export const ON_MY_WAY_GRACE_MINUTES = 2;
export const ON_MY_WAY_MAX_AGE_MINUTES = 120;

export async function sweepMissedOnMyWay(
  deps: Pick<ServiceDeps, "db" | "jobs">,
  options: { now?: Date } = {},
): Promise<{ queued: number[] }> {
  const now = options.now ?? new Date();
  const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  const missed = await deps.db
    .select({ id: dispatchJobs.id })
    .from(dispatchJobs)
    .where(
      and(
        eq(dispatchJobs.status, "en_route"),
        isNotNull(dispatchJobs.customerId),
        lt(dispatchJobs.updatedAt, minutesAgo(ON_MY_WAY_GRACE_MINUTES)),
        gt(dispatchJobs.updatedAt, minutesAgo(ON_MY_WAY_MAX_AGE_MINUTES)),
        sql`not exists (select 1 from outbound_messages m where m.dedupe_key = 'job:' || ${dispatchJobs.id} || ':on-my-way:sms')`,
      ),
    )
    .orderBy(dispatchJobs.id);
  const queue = onMyWayJobs(deps.jobs);
  for (const { id } of missed) await queue.enqueue(id);
  if (missed.length > 0)
    console.warn(`on-my-way sweep: queued the SMS of job(s) ${missed.map((m) => m.id).join(", ")}`);
  return { queued: missed.map((m) => m.id) };
}
