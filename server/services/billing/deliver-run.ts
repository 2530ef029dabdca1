/**
 * Delivery of a billing run's invoices: every step of INVOICE_DELIVERY_STEPS (email, autopay...)
 * for each invoice of the run, in invoice id order. The job delivers one chunk after a cursor
 * and queues the next chunk with the new cursor in its data, so a crash redoes at most the chunk
 * it was in (the steps are idempotent, so redoing is safe; the cursor only saves the work).
 */
import { and, asc, count, eq, gt, lte, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { billingRuns, invoices } from "../../db/schema";
import type { DeliveryDeps, InvoiceDeliveryStep } from "./delivery-steps";

export const DELIVERY_CHUNK_INVOICES = 50;

export interface DeliveryChunkResult {
  /** The cursor for the next chunk; null when there was nothing after the given one. */
  lastInvoiceId: number | null;
  delivered: number;
  /** Invoices of the run after lastInvoiceId. */
  remaining: number;
}

export async function deliverRunChunk(
  deps: DeliveryDeps,
  input: {
    runId: number;
    afterInvoiceId: number;
    limit?: number;
    steps: readonly InvoiceDeliveryStep[];
    signal?: AbortSignal;
  },
): Promise<DeliveryChunkResult> {
  const { db } = deps;
  const limit = input.limit ?? DELIVERY_CHUNK_INVOICES;
  const chunk = await db
    .select({ id: invoices.id })
    .from(invoices)
    .where(and(eq(invoices.billingRunId, input.runId), gt(invoices.id, input.afterInvoiceId)))
    .orderBy(asc(invoices.id))
    .limit(limit);
  for (const { id } of chunk) {
    if (input.signal?.aborted)
      throw new Error("delivery interrupted by a shutdown; the job resumes it after the restart");
    for (const step of input.steps) {
      try {
        await step.deliver(deps, id);
      } catch (error) {
        throw new Error(`step "${step.name}" failed for invoice ${id}: ${(error as Error).message}`, { cause: error });
      }
    }
  }
  const lastInvoiceId = chunk.at(-1)?.id ?? null;
  const [rest] = await db
    .select({ n: count() })
    .from(invoices)
    .where(and(eq(invoices.billingRunId, input.runId), gt(invoices.id, lastInvoiceId ?? input.afterInvoiceId)));
  return { lastInvoiceId, delivered: chunk.length, remaining: rest?.n ?? 0 };
}

/** How many of the run's invoices are at or before the delivery cursor, of how many. */
export async function deliveryCounts(
  db: Database,
  runId: number,
  throughInvoiceId: number,
): Promise<{ delivered: number; total: number }> {
  const [total] = await db.select({ n: count() }).from(invoices).where(eq(invoices.billingRunId, runId));
  const [delivered] = await db
    .select({ n: count() })
    .from(invoices)
    .where(and(eq(invoices.billingRunId, runId), lte(invoices.id, throughInvoiceId)));
  return { delivered: delivered?.n ?? 0, total: total?.n ?? 0 };
}

/** Delivery gave up (out of retries): said on the run, where the office looks; its invoices stay billed. */
export async function recordDeliveryStopped(db: Database, runId: number, error: unknown): Promise<void> {
  await db
    .update(billingRuns)
    .set({ lastError: `Delivery stopped: ${(error as Error).message}`.slice(0, 1000), updatedAt: sql`now()` })
    .where(eq(billingRuns.id, runId));
}
