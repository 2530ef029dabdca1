/**
 * The billing_runs row of a month: opening it (a run starts or resumes), counting its progress
 * from the data, and the summary the routers and pages show.
 */
import { eq, sql } from "drizzle-orm";
import { assertIsoDate, type TaxProvider } from "../../../lib/domain/billing";
import { rowsOf, type Database } from "../../db/client";
import type { BillingConfig } from "../../config";
import { billingRuns } from "../../db/schema";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { RuleViolationError } from "../errors";
import { dueSql, invoicedSql, type RunMonth } from "./billing-run-batch";

export type BillingRunRow = typeof billingRuns.$inferSelect;
export interface BillingProgress {
  done: number;
  total: number;
}

export interface BillingRunSummary {
  id: number;
  periodMonth: string;
  runDate: string;
  status: BillingRunRow["status"];
  progress: BillingProgress;
  /** What this call wrote (a rerun writes nothing); the run row keeps the totals over all calls. */
  created?: { invoices: number; lines: number; batches: number };
  totals: { invoices: number; lines: number; batches: number };
  startedBy: string | null;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  lastError: string | null;
}

/** The registrations printed on every invoice come from the settings (PROVIDER_GST_NUMBER, PROVIDER_QST_NUMBER). */
export function taxProviderOf(billing: Pick<BillingConfig, "gstNumber" | "qstNumber">): TaxProvider {
  return { gstNumber: billing.gstNumber, qstNumber: billing.qstNumber };
}

export function runMonth(runDate: string): RunMonth {
  try {
    assertIsoDate(runDate, "runDate");
  } catch (error) {
    throw new RuleViolationError((error as Error).message, "runDate", { key: "errors.input.calendarDate" });
  }
  return { year: Number(runDate.slice(0, 4)), month: Number(runDate.slice(5, 7)), runDate };
}

export async function countProgress(db: Database, m: RunMonth): Promise<BillingProgress> {
  const [row] = await rowsOf<{ total: number; done: number }>(
    db,
    sql`
    select count(*)::int as total, count(*) filter (where ${invoicedSql(m)})::int as done
    from service_subscriptions s where ${dueSql(m, "any")}`,
  );
  return { total: row?.total ?? 0, done: row?.done ?? 0 };
}

export function summarize(row: BillingRunRow, created?: BillingRunSummary["created"]): BillingRunSummary {
  return {
    id: row.id,
    periodMonth: row.periodMonth,
    runDate: row.runDate,
    status: row.status,
    progress: { done: row.invoicedSubscriptions, total: row.totalSubscriptions },
    ...(created ? { created } : {}),
    totals: { invoices: row.invoicesCreated, lines: row.linesCreated, batches: row.batchesCommitted },
    startedBy: row.startedBy,
    startedAt: row.startedAt,
    updatedAt: row.updatedAt,
    finishedAt: row.finishedAt,
    lastError: row.lastError,
  };
}

/**
 * Creates the month's run row, or takes up the existing one. `opened` is true when this call
 * moved it to `running` (new, or restarted after done/failed): of two simultaneous starts only
 * one opens it, because the second waits on the row lock and then finds it running.
 */
export async function openRun(
  db: Database,
  m: RunMonth,
  actor: Actor,
  progress: BillingProgress,
): Promise<{ row: BillingRunRow; opened: boolean }> {
  const periodMonth = m.runDate.slice(0, 7);
  return db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(billingRuns)
      .values({
        periodMonth,
        runDate: m.runDate,
        status: "running",
        startedBy: actor.userId,
        totalSubscriptions: progress.total,
        invoicedSubscriptions: progress.done,
      })
      .onConflictDoNothing({ target: billingRuns.periodMonth })
      .returning();
    let row = inserted;
    let opened = Boolean(inserted);
    if (!row) {
      const [existing] = await tx
        .select()
        .from(billingRuns)
        .where(eq(billingRuns.periodMonth, periodMonth))
        .for("update");
      if (!existing) throw new Error(`the billing run of ${periodMonth} vanished while it was being opened`);
      opened = existing.status !== "running";
      [row] = await tx
        .update(billingRuns)
        .set({
          status: "running",
          updatedAt: sql`now()`,
          totalSubscriptions: progress.total,
          invoicedSubscriptions: progress.done,
          ...(opened ? { lastError: null, finishedAt: null } : {}),
        })
        .where(eq(billingRuns.id, existing.id))
        .returning();
    }
    if (!row) throw new Error("the billing run row was not returned");
    if (opened)
      await recordAudit(tx, actor, {
        action: "billing_run.start",
        entityType: "billing_run",
        entityId: row.id,
        changes: { runDate: { from: null, to: m.runDate } },
      });
    return { row, opened };
  });
}
