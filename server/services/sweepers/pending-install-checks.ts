/**
 * An install check is written pending in the technician's transaction and its job queued after
 * the commit (network/install-check.ts). A process that dies between the two leaves a check that
 * no job will ever settle; a check job whose attempts all died (killed past its last retry, or an
 * error before the verdict) leaves one too, and the job record, the phone, the board and the
 * ticket would say "Checking…" for ever. This finds checks pending for longer than the normal
 * path takes, with no job of theirs queued or running, and runs their job once more while the
 * verdict can still help the technician on site; past that window, or when the rerun died as
 * well, it settles them as failed with the reason. Safe to repeat: the queue keeps one waiting job
 * per check, and a check settles only from pending.
 */
import { and, asc, eq, lt } from "drizzle-orm";
import { installChecks } from "../../db/schema";
import { INSTALL_CHECK_QUEUE, installCheckKey, type JobRecord } from "../background-jobs";
import type { ServiceDeps } from "../deps";

/** Four attempts 15 s apart, each at most 5 s, then pg-boss's expiry and the reaper: a check normally settles within 3 minutes. */
export const INSTALL_CHECK_GRACE_MINUTES = 5;
/** A rerun after this long would tell a technician who has left; the check is settled as lost instead. */
export const INSTALL_CHECK_RERUN_MINUTES = 120;
/** Checks looked at per sweep; the rest wait for the next one. */
const BATCH = 200;

const WORKING: readonly JobRecord["state"][] = ["created", "retry", "active"];

export async function sweepPendingInstallChecks(
  deps: Pick<ServiceDeps, "db" | "jobs">,
  options: { now?: Date } = {},
): Promise<{ rerun: number[]; lost: number[] }> {
  const now = options.now ?? new Date();
  const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  const stale = await deps.db
    .select({ id: installChecks.id, requestedAt: installChecks.requestedAt })
    .from(installChecks)
    .where(
      and(eq(installChecks.status, "pending"), lt(installChecks.requestedAt, minutesAgo(INSTALL_CHECK_GRACE_MINUTES))),
    )
    .orderBy(asc(installChecks.id))
    .limit(BATCH);
  const rerun: number[] = [];
  const lost: number[] = [];
  for (const check of stale) {
    const jobs = await deps.jobs.jobsByKey(INSTALL_CHECK_QUEUE, installCheckKey(check.id), 20);
    if (jobs.some((job) => WORKING.includes(job.state))) continue;
    const rerunBefore = jobs.some((job) => job.data.rerun === true);
    if (!rerunBefore && check.requestedAt > minutesAgo(INSTALL_CHECK_RERUN_MINUTES)) {
      // Marked, so that the next sweep knows this check had its second chance.
      const id = await deps.jobs.send(
        INSTALL_CHECK_QUEUE,
        { checkId: check.id, rerun: true },
        { singletonKey: installCheckKey(check.id) },
      );
      if (id) rerun.push(check.id);
      continue;
    }
    const settled = await deps.db
      .update(installChecks)
      .set({ status: "failed", reasonKey: "errors.network.checkLost", reasonParams: {}, checkedAt: now })
      .where(and(eq(installChecks.id, check.id), eq(installChecks.status, "pending")))
      .returning({ id: installChecks.id });
    if (settled.length > 0) lost.push(check.id);
  }
  if (rerun.length > 0) console.warn(`install-check sweep: reran the check(s) ${rerun.join(", ")}`);
  if (lost.length > 0) console.warn(`install-check sweep: settled the lost check(s) ${lost.join(", ")} as failed`);
  return { rerun, lost };
}
