/**
 * What a run's jobs are doing, for the office: the run job (queued, running, retrying...) and the
 * delivery of its invoices (how many of them the delivery cursor has passed).
 */
import { desc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { billingRuns, staffUsers } from "../../db/schema";
import {
  BILLING_RUN_QUEUE,
  billingRunKey,
  DELIVER_RUN_QUEUE,
  deliverRunKey,
  type JobRecord,
  type JobSender,
} from "../background-jobs";
import type { ServiceDeps } from "../deps";
import { deliveryCounts } from "./deliver-run";
import { getBillingRun, type BillingRunSummary } from "./billing-run";
import { summarize } from "./billing-run-rows";

export type RunJobState = "none" | "queued" | "running" | "retrying" | "finished" | "failed";
export type DeliveryState = "waiting" | "queued" | "delivering" | "retrying" | "delivered" | "failed";

export interface NamedBillingRun extends BillingRunSummary {
  /** The staff member who first started it; null for the monthly schedule. */
  startedByName: string | null;
}

export interface BillingRunDetail extends NamedBillingRun {
  job: { state: RunJobState; attempts: number; error: string | null };
  delivery: { state: DeliveryState; delivered: number; total: number; error: string | null };
}

const JOB_STATE: Record<JobRecord["state"], RunJobState> = {
  created: "queued",
  active: "running",
  retry: "retrying",
  completed: "finished",
  failed: "failed",
  cancelled: "failed",
};

function errorOf(job: JobRecord): string | null {
  const output = job.output as { message?: unknown; value?: { message?: unknown } } | null;
  const message = output?.message ?? output?.value?.message;
  return job.state === "failed" || job.state === "retry" ? (typeof message === "string" ? message : null) : null;
}

async function deliveryOf(
  db: Database,
  jobs: Pick<JobSender, "jobsByKey">,
  run: BillingRunSummary,
): Promise<BillingRunDetail["delivery"]> {
  const [latest] = await jobs.jobsByKey(DELIVER_RUN_QUEUE, deliverRunKey(run.id), 1);
  if (!latest) {
    const { total } = await deliveryCounts(db, run.id, 0);
    return { state: "waiting", delivered: 0, total, error: null };
  }
  const output = (latest.output ?? {}) as { throughInvoiceId?: number; remaining?: number };
  const cursor =
    latest.state === "completed" ? Number(output.throughInvoiceId ?? 0) : Number(latest.data.afterInvoiceId ?? 0);
  const counts = await deliveryCounts(db, run.id, cursor);
  const state: DeliveryState =
    latest.state === "completed"
      ? output.remaining === 0
        ? "delivered"
        : "delivering"
      : latest.state === "created"
        ? cursor === 0
          ? "queued"
          : "delivering"
        : latest.state === "active"
          ? "delivering"
          : latest.state === "retry"
            ? "retrying"
            : "failed";
  return { state, ...counts, error: errorOf(latest) };
}

export async function getBillingRunDetail(
  deps: Pick<ServiceDeps, "db" | "jobs">,
  id: number,
): Promise<BillingRunDetail> {
  const { db, jobs } = deps;
  const run = await getBillingRun(db, id);
  const [starter] = run.startedBy
    ? await db.select({ name: staffUsers.name }).from(staffUsers).where(eq(staffUsers.id, run.startedBy))
    : [];
  const [latest] = await jobs.jobsByKey(BILLING_RUN_QUEUE, billingRunKey(run.periodMonth), 1);
  return {
    ...run,
    startedByName: starter?.name ?? null,
    job: latest
      ? { state: JOB_STATE[latest.state], attempts: latest.retryCount + 1, error: errorOf(latest) }
      : { state: "none", attempts: 0, error: null },
    delivery: await deliveryOf(db, jobs, run),
  };
}

export async function listBillingRuns(db: Database, input: { limit: number }): Promise<NamedBillingRun[]> {
  const rows = await db.select().from(billingRuns).orderBy(desc(billingRuns.periodMonth)).limit(input.limit);
  const starters = rows.flatMap((r) => (r.startedBy ? [r.startedBy] : []));
  const names = new Map(
    starters.length === 0
      ? []
      : (
          await db
            .select({ id: staffUsers.id, name: staffUsers.name })
            .from(staffUsers)
            .where(inArray(staffUsers.id, starters))
        ).map((u) => [u.id, u.name]),
  );
  return rows.map((row) => ({
    ...summarize(row),
    startedByName: row.startedBy ? (names.get(row.startedBy) ?? null) : null,
  }));
}
