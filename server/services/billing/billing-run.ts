/**
 * The monthly billing run (ADR 0003): invoices every due subscription exactly once.
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
 *
 * The office starts it as a job (billing-run-start.ts, server/jobs); this function is the job's
 * body and stays callable directly (benchmark, tests).
 */
import { eq, sql } from "drizzle-orm";
import type { TaxProvider } from "../../../lib/domain/billing";
import type { Database } from "../../db/client";
import { billingRuns } from "../../db/schema";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { NotFoundError, RuleViolationError } from "../errors";
import { invoiceBatch, LineTextCache } from "./billing-run-batch";
import {
  countProgress,
  openRun,
  runMonth,
  summarize,
  type BillingProgress,
  type BillingRunSummary,
} from "./billing-run-rows";

export { taxProviderOf, type BillingProgress, type BillingRunRow, type BillingRunSummary } from "./billing-run-rows";

/** Advisory lock namespace of billing runs (the second key is yyyymm). migrate.ts uses 7_420_001. */
const BILLING_RUN_LOCK = 7_420_002;
export const DEFAULT_BATCH_CUSTOMERS = 500;

export interface RunBillingOptions {
  runDate: string;
  actor: Actor;
  /** The provider's tax registrations printed on the invoices: taxProviderOf(config.billing). */
  provider: TaxProvider;
  /** Called (and awaited) after the run opens and after each committed batch. */
  onProgress?: (progress: BillingProgress & { runId: number }) => void | Promise<void>;
  /** Customers per transaction. */
  batchSize?: number;
  /** Checked between batches: the run stops there, stays `running`, and its job resumes it later. */
  signal?: AbortSignal;
  /** Test hook: throw after committing this many batches, as a crash would. */
  failAfterBatches?: number;
}

export class SimulatedCrashError extends Error {
  constructor(batches: number) {
    super(`simulated crash after ${batches} committed batch${batches === 1 ? "" : "es"}`);
    this.name = "SimulatedCrashError";
  }
}

export class RunInterruptedError extends Error {
  constructor() {
    super("the billing run was interrupted by a shutdown; it resumes when the server is back");
    this.name = "RunInterruptedError";
  }
}

export async function runBilling(db: Database, options: RunBillingOptions): Promise<BillingRunSummary> {
  const m = runMonth(options.runDate);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_CUSTOMERS;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)
    throw new RuleViolationError(
      `batchSize must be an integer from 1 to 10000, got ${String(batchSize)}`,
      "batchSize",
      { key: "errors.billingRun.batchSize", params: { value: String(batchSize) } },
    );
  const lockKey = m.year * 100 + m.month;

  const initial = await countProgress(db, m);
  const { row: run } = await openRun(db, m, options.actor, initial);
  const created = { invoices: 0, lines: 0, batches: 0 };
  const texts = new LineTextCache();
  let done = initial.done;
  try {
    await options.onProgress?.({ runId: run.id, done, total: initial.total });
    for (let after = 0; ;) {
      if (options.signal?.aborted) throw new RunInterruptedError();
      const batch = await db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${BILLING_RUN_LOCK}::int, ${lockKey}::int)`);
        const result = await invoiceBatch(tx, m, {
          runId: run.id,
          afterCustomerId: after,
          customers: batchSize,
          issueDate: run.runDate,
          provider: options.provider,
          texts,
        });
        if (result.lastCustomerId !== null) {
          await tx
            .update(billingRuns)
            .set({
              invoicedSubscriptions: sql`${billingRuns.invoicedSubscriptions} + ${result.lines}`,
              invoicesCreated: sql`${billingRuns.invoicesCreated} + ${result.invoices}`,
              linesCreated: sql`${billingRuns.linesCreated} + ${result.lines}`,
              batchesCommitted: sql`${billingRuns.batchesCommitted} + 1`,
              updatedAt: sql`now()`,
            })
            .where(eq(billingRuns.id, run.id));
        }
        return result;
      });
      if (batch.lastCustomerId === null) break;
      after = batch.lastCustomerId;
      created.invoices += batch.invoices;
      created.lines += batch.lines;
      created.batches += 1;
      done += batch.lines;
      await options.onProgress?.({ runId: run.id, done: Math.min(done, initial.total), total: initial.total });
      if (options.failAfterBatches !== undefined && created.batches >= options.failAfterBatches)
        throw new SimulatedCrashError(created.batches);
    }
  } catch (error) {
    // An interrupted run stays `running`: its job is retried after the restart and resumes it.
    if (!(error instanceof RunInterruptedError)) {
      await db
        .update(billingRuns)
        .set({
          status: "failed",
          lastError: String((error as Error).message ?? error).slice(0, 1000),
          updatedAt: sql`now()`,
        })
        .where(eq(billingRuns.id, run.id))
        .catch(() => undefined);
    }
    throw error;
  }

  // Recount from the data: exact even when another run of the month worked beside this one.
  const final = await countProgress(db, m);
  const finished = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(billingRuns)
      .set({
        status: "done",
        totalSubscriptions: final.total,
        invoicedSubscriptions: final.done,
        finishedAt: sql`now()`,
        updatedAt: sql`now()`,
        lastError: null,
      })
      .where(eq(billingRuns.id, run.id))
      .returning();
    if (!row) throw new NotFoundError("billing run", run.id);
    await recordAudit(tx, options.actor, {
      action: "billing_run.finish",
      entityType: "billing_run",
      entityId: run.id,
      changes: {
        status: { from: "running", to: "done" },
        invoicesCreated: { from: row.invoicesCreated - created.invoices, to: row.invoicesCreated },
      },
    });
    return row;
  });
  await options.onProgress?.({ runId: run.id, done: final.done, total: final.total });
  return summarize(finished, created);
}

export async function getBillingRun(db: Database, id: number): Promise<BillingRunSummary> {
  const [row] = await db.select().from(billingRuns).where(eq(billingRuns.id, id));
  if (!row) throw new NotFoundError("billing run", id);
  return summarize(row);
}
