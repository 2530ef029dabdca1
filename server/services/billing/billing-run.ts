/**
 * The monthly billing run (issue 6, ADR 0003): invoices every due subscription exactly once.
 *
 * - Exactly once is the database's job: invoice_lines is unique on (subscription_id,
 *   period_start) and invoices on their deterministic number, and each batch selects only
 *   subscriptions with no line for the period. A rerun or a resume after a crash therefore
 *   skips whatever earlier batches committed; nothing is remembered in memory.
 * - Each batch of customers is one transaction that first takes a transaction-level advisory
 *   lock on the month, so two runs of the same month interleave batch by batch and each sees
 *   what the other committed (on PGlite there is one connection anyway).
 * - A run is keyed by its month ('YYYY-MM'): periodInvoicedByRun only depends on the run
 *   date's month, so every run dated in that month bills the same periods and shares one
 *   billing_runs row; its invoices are issued on the date the row was first started.
 */
import { eq, sql } from "drizzle-orm";
import { assertIsoDate, type TaxProvider } from "../../../lib/domain/billing";
import { rowsOf, type Database } from "../../db/client";
import { billingRuns } from "../../db/schema";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { NotFoundError, RuleViolationError } from "../errors";
import { dueSql, invoiceBatch, invoicedSql, LineTextCache, type RunMonth } from "./billing-run-batch";

/** Printed on every invoice (buildInvoice requires them); the demo provider's registrations. */
export const PROVIDER_TAX_NUMBERS: TaxProvider = { gstNumber: "123456789 RT0001", qstNumber: "1234567890 TQ0001" };

/** Advisory lock namespace of billing runs (the second key is yyyymm). migrate.ts uses 7_420_001. */
const BILLING_RUN_LOCK = 7_420_002;
export const DEFAULT_BATCH_CUSTOMERS = 500;

export interface BillingProgress { done: number; total: number }

export interface RunBillingOptions {
  runDate: string;
  actor: Actor;
  onProgress?: (progress: BillingProgress) => void;
  /** Customers per transaction. */
  batchSize?: number;
  /** Test hook: throw after committing this many batches, as a crash would. */
  failAfterBatches?: number;
  provider?: TaxProvider;
}

export type BillingRunRow = typeof billingRuns.$inferSelect;

export interface BillingRunSummary {
  id: number;
  periodMonth: string;
  runDate: string;
  status: BillingRunRow["status"];
  progress: BillingProgress;
  /** What this call wrote (a rerun writes nothing); the run row keeps the totals over all calls. */
  created?: { invoices: number; lines: number; batches: number };
  totals: { invoices: number; lines: number; batches: number };
  startedAt: Date;
  finishedAt: Date | null;
  lastError: string | null;
}

export class SimulatedCrashError extends Error {
  constructor(batches: number) {
    super(`simulated crash after ${batches} committed batch${batches === 1 ? "" : "es"}`);
    this.name = "SimulatedCrashError";
  }
}

function runMonth(runDate: string): RunMonth {
  try {
    assertIsoDate(runDate, "runDate");
  } catch (error) {
    throw new RuleViolationError((error as Error).message, "runDate");
  }
  return { year: Number(runDate.slice(0, 4)), month: Number(runDate.slice(5, 7)), runDate };
}

async function countProgress(db: Database, m: RunMonth): Promise<BillingProgress> {
  const [row] = await rowsOf<{ total: number; done: number }>(db, sql`
    select count(*)::int as total, count(*) filter (where ${invoicedSql(m)})::int as done
    from service_subscriptions s where ${dueSql(m, "any")}`);
  return { total: row?.total ?? 0, done: row?.done ?? 0 };
}

function summarize(row: BillingRunRow, created?: BillingRunSummary["created"]): BillingRunSummary {
  return {
    id: row.id, periodMonth: row.periodMonth, runDate: row.runDate, status: row.status,
    progress: { done: row.invoicedSubscriptions, total: row.totalSubscriptions },
    ...(created ? { created } : {}),
    totals: { invoices: row.invoicesCreated, lines: row.linesCreated, batches: row.batchesCommitted },
    startedAt: row.startedAt, finishedAt: row.finishedAt, lastError: row.lastError,
  };
}

/** Creates the month's run row, or takes up the existing one (running, failed or done). */
async function openRun(db: Database, m: RunMonth, actor: Actor, progress: BillingProgress): Promise<BillingRunRow> {
  const periodMonth = m.runDate.slice(0, 7);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(billingRuns).values({
      periodMonth, runDate: m.runDate, status: "running", startedBy: actor.userId,
      totalSubscriptions: progress.total, invoicedSubscriptions: progress.done,
    }).onConflictDoUpdate({
      target: billingRuns.periodMonth,
      set: { status: "running", lastError: null, finishedAt: null, updatedAt: sql`now()`, totalSubscriptions: progress.total, invoicedSubscriptions: progress.done },
    }).returning();
    if (!row) throw new Error("the billing run row was not returned");
    await recordAudit(tx, actor, { action: "billing_run.start", entityType: "billing_run", entityId: row.id, changes: { runDate: { from: null, to: m.runDate } } });
    return row;
  });
}

export async function runBilling(db: Database, options: RunBillingOptions): Promise<BillingRunSummary> {
  const m = runMonth(options.runDate);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_CUSTOMERS;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new RuleViolationError(`batchSize must be an integer from 1 to 10000, got ${String(batchSize)}`, "batchSize");
  const provider = options.provider ?? PROVIDER_TAX_NUMBERS;
  const lockKey = m.year * 100 + m.month;

  const initial = await countProgress(db, m);
  const run = await openRun(db, m, options.actor, initial);
  const created = { invoices: 0, lines: 0, batches: 0 };
  const texts = new LineTextCache();
  let done = initial.done;
  try {
    options.onProgress?.({ done, total: initial.total });
    for (let after = 0; ;) {
      const batch = await db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${BILLING_RUN_LOCK}::int, ${lockKey}::int)`);
        const result = await invoiceBatch(tx, m, { runId: run.id, afterCustomerId: after, customers: batchSize, issueDate: run.runDate, provider, texts });
        if (result.lastCustomerId !== null) {
          await tx.update(billingRuns).set({
            invoicedSubscriptions: sql`${billingRuns.invoicedSubscriptions} + ${result.lines}`,
            invoicesCreated: sql`${billingRuns.invoicesCreated} + ${result.invoices}`,
            linesCreated: sql`${billingRuns.linesCreated} + ${result.lines}`,
            batchesCommitted: sql`${billingRuns.batchesCommitted} + 1`,
            updatedAt: sql`now()`,
          }).where(eq(billingRuns.id, run.id));
        }
        return result;
      });
      if (batch.lastCustomerId === null) break;
      after = batch.lastCustomerId;
      created.invoices += batch.invoices;
      created.lines += batch.lines;
      created.batches += 1;
      done += batch.lines;
      options.onProgress?.({ done: Math.min(done, initial.total), total: initial.total });
      if (options.failAfterBatches !== undefined && created.batches >= options.failAfterBatches) throw new SimulatedCrashError(created.batches);
    }
  } catch (error) {
    await db.update(billingRuns).set({ status: "failed", lastError: String((error as Error).message ?? error).slice(0, 1000), updatedAt: sql`now()` })
      .where(eq(billingRuns.id, run.id)).catch(() => undefined);
    throw error;
  }

  // Recount from the data: exact even when another run of the month worked beside this one.
  const final = await countProgress(db, m);
  const finished = await db.transaction(async (tx) => {
    const [row] = await tx.update(billingRuns).set({
      status: "done", totalSubscriptions: final.total, invoicedSubscriptions: final.done, finishedAt: sql`now()`, updatedAt: sql`now()`, lastError: null,
    }).where(eq(billingRuns.id, run.id)).returning();
    if (!row) throw new NotFoundError("billing run", run.id);
    await recordAudit(tx, options.actor, {
      action: "billing_run.finish", entityType: "billing_run", entityId: run.id,
      changes: { status: { from: "running", to: "done" }, invoicesCreated: { from: row.invoicesCreated - created.invoices, to: row.invoicesCreated } },
    });
    return row;
  });
  options.onProgress?.({ done: final.done, total: final.total });
  return summarize(finished, created);
}

export async function getBillingRun(db: Database, id: number): Promise<BillingRunSummary> {
  const [row] = await db.select().from(billingRuns).where(eq(billingRuns.id, id));
  if (!row) throw new NotFoundError("billing run", id);
  return summarize(row);
}
