import { z } from "zod";
import { localDate } from "../../lib/domain/quebec-dates";
import type { Actor } from "../services/actor";
import { runBilling, taxProviderOf } from "../services/billing/billing-run";
import { readSettings } from "../services/settings/settings";
import { startBillingRun } from "../services/billing/billing-run-start";
import { deliverRunChunk, recordDeliveryStopped } from "../services/billing/deliver-run";
import { INVOICE_DELIVERY_STEPS } from "../services/billing/delivery-steps";
import {
  BILLING_RUN_QUEUE,
  DELIVER_RUN_QUEUE,
  deliverRunKey,
  MONTHLY_BILLING_QUEUE,
} from "../services/background-jobs";
import { defineQueue } from "./job-queue";

const JOB_ACTOR: Actor = { realm: "system", userId: null, name: "billing jobs" };

/**
 * Crash recovery of a run, in three layers:
 * 1. The work itself is resumable: batches commit one by one and a rerun skips what is billed.
 * 2. The job queue's reaper (job-queue.ts) sees, at start-up and every few seconds, a job left
 *    `active` by a dead worker and fails it, so pg-boss's retry runs it again at once. That is
 *    instead of waiting for pg-boss's expiry, which must be long (a full run may take minutes).
 * 3. The expiry (expireInSeconds) still catches a worker that hangs without dying.
 * A sweep of billing_runs rows left `running` is not needed: a row is `running` only while its
 * job is queued, active or retrying, and the clerk's restart re-queues one that gave up.
 */
const billingRun = defineQueue({
  name: BILLING_RUN_QUEUE,
  // stately: one queued and one active job per month at most (a second click adds nothing).
  options: { policy: "stately", retryLimit: 10, retryDelay: 2, retryBackoff: true, expireInSeconds: 2 * 60 * 60 },
  parse: (data) => z.object({ runId: z.number().int().positive(), runDate: z.iso.date() }).parse(data),
  async handle({ runDate }, { db, config, queue, signal, settings }) {
    const summary = await runBilling(db, {
      runDate,
      actor: JOB_ACTOR,
      provider: taxProviderOf((await readSettings({ db, config })).provider),
      signal,
      batchSize: settings.billingRunBatchSize,
      onProgress: settings.onBillingRunProgress,
    });
    // Every run that ends delivers from the start: the steps skip what they already did, and a
    // rerun that billed a late subscription has a new invoice to deliver.
    await queue.send(
      DELIVER_RUN_QUEUE,
      { runId: summary.id, afterInvoiceId: 0 },
      { singletonKey: deliverRunKey(summary.id) },
    );
    return { runId: summary.id, created: summary.created };
  },
});

const deliverRun = defineQueue({
  name: DELIVER_RUN_QUEUE,
  options: { policy: "stately", retryLimit: 8, retryDelay: 5, retryBackoff: true, expireInSeconds: 30 * 60 },
  parse: (data) =>
    z.object({ runId: z.number().int().positive(), afterInvoiceId: z.number().int().min(0) }).parse(data),
  async handle({ runId, afterInvoiceId }, { deps, db, queue, signal, settings, job }) {
    try {
      const result = await deliverRunChunk(deps, {
        runId,
        afterInvoiceId,
        steps: settings.deliverySteps ?? INVOICE_DELIVERY_STEPS,
        limit: settings.deliveryChunk,
        signal,
      });
      if (result.lastInvoiceId !== null && result.remaining > 0) {
        await queue.send(
          DELIVER_RUN_QUEUE,
          { runId, afterInvoiceId: result.lastInvoiceId },
          { singletonKey: deliverRunKey(runId) },
        );
      }
      return {
        throughInvoiceId: result.lastInvoiceId ?? afterInvoiceId,
        delivered: result.delivered,
        remaining: result.remaining,
      };
    } catch (error) {
      // Out of retries: say so on the run, where the office looks (its invoices are billed; only delivery stopped).
      if (job.retryCount >= job.retryLimit && !signal.aborted) await recordDeliveryStopped(db, runId, error);
      throw error;
    }
  },
});

/** The cron tick: starts the month's run, dated today in Quebec. */
const monthlyBilling = defineQueue({
  name: MONTHLY_BILLING_QUEUE,
  options: { policy: "stately", retryLimit: 5, retryDelay: 60, expireInSeconds: 10 * 60 },
  parse: () => ({}),
  async handle(_data, { deps }) {
    const run = await startBillingRun(
      deps,
      { ...JOB_ACTOR, name: "monthly billing schedule" },
      { runDate: localDate(new Date()) },
    );
    return { runId: run.id, periodMonth: run.periodMonth };
  },
});

export const BILLING_QUEUES = [billingRun, deliverRun, monthlyBilling];

/** 06:00 on the 1st, Quebec time: the run is done before the office opens. */
export const BILLING_SCHEDULES = [{ queue: MONTHLY_BILLING_QUEUE, cron: "0 6 1 * *", tz: "America/Toronto" }];
