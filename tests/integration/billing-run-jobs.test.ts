import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { addMonths } from "@/lib/domain/billing";
import { invoiceLines, invoices, serviceSubscriptions } from "@/server/db/schema";
import { seedDay } from "@/server/seed";
import { BILLING_RUN_QUEUE, billingRunKey, MONTHLY_BILLING_QUEUE } from "@/server/services/background-jobs";
import { localDate } from "@/lib/domain/quebec-dates";
import type { JobQueue } from "@/server/jobs/job-queue";
import type { InvoiceDeliveryStep } from "@/server/services/billing/delivery-steps";
import { callerAs, createSeededRuntime, type TestRuntime } from "../support/test-runtime";
import {
  dueSubscriptionCount,
  periodLinesPerSubscription,
  runInvoiceNumbers,
  waitFor,
} from "../support/billing-run-helpers";

/** The billing run as the office starts it: billing.startRun queues a pg-boss job, a worker runs it, then delivers its invoices. */
let runtime: TestRuntime;
let queue: JobQueue;
let billing: Awaited<ReturnType<typeof callerAs>>["caller"];
const delivered: number[] = [];
/** When set, the step fails once on that call (1-based, counted over the whole file), as an SMTP outage would. */
let failOnCall: number | null = null;
const recordingStep: InvoiceDeliveryStep = {
  name: "record",
  deliver: (_deps, invoiceId) => {
    if (failOnCall !== null && delivered.length + 1 === failOnCall) {
      failOnCall = null;
      return Promise.reject(new Error("mail server unavailable"));
    }
    delivered.push(invoiceId);
    return Promise.resolve();
  },
};
const runDate = addMonths(`${seedDay(new Date()).slice(0, 7)}-01`, 1);
const db = () => runtime.database.db;

beforeAll(async () => {
  runtime = await createSeededRuntime();
  ({ caller: billing } = await callerAs(runtime, "staff", "billing@demo.test"));
  queue = await runtime.jobs.startWorkers(runtime, {
    pollingIntervalSeconds: 0.5,
    settings: { deliverySteps: [recordingStep], deliveryChunk: 7 },
  });
});
afterAll(async () => {
  await runtime?.close();
});

const finished = (id: number) =>
  waitFor(
    `run ${id} and its delivery to finish`,
    () => billing.billing.run({ id }),
    (run) =>
      run.status !== "running" && run.job.state === "finished" && ["delivered", "failed"].includes(run.delivery.state),
  );

async function runInvoiceIds(runId: number) {
  return (
    await db()
      .select({ id: invoices.id })
      .from(invoices)
      .where(eq(invoices.billingRunId, runId))
      .orderBy(asc(invoices.id))
  ).map((r) => r.id);
}

describe("billing run as a job", () => {
  it("returns at once with the running run, bills every due subscription once in the job, then delivers every invoice in id order", async () => {
    const due = await dueSubscriptionCount(db(), runDate);
    expect(due).toBeGreaterThan(50);
    const started = await billing.billing.startRun({ runDate });
    expect(started).toMatchObject({
      status: "running",
      periodMonth: runDate.slice(0, 7),
      progress: { done: 0, total: due },
    });

    const run = await finished(started.id);
    expect(run).toMatchObject({
      status: "done",
      progress: { done: due, total: due },
      lastError: null,
      startedByName: expect.any(String),
    });
    const perSub = await periodLinesPerSubscription(db(), runDate);
    expect(perSub).toHaveLength(due);
    expect(perSub.every((r) => r.n === 1)).toBe(true);

    const ids = await runInvoiceIds(run.id);
    expect(ids.length).toBe(run.totals.invoices);
    expect(run.delivery).toEqual({ state: "delivered", delivered: ids.length, total: ids.length, error: null });
    // Chunks of 7, each its own job, one after the other: every invoice once, in id order.
    expect(delivered).toEqual(ids);
    const listed = await billing.billing.runs({});
    expect(listed.map((r) => r.id)).toContain(run.id);
  });

  it("makes one job and one run of two starts of the same month", async () => {
    const date = addMonths(runDate, 1);
    const [a, b] = await Promise.all([
      billing.billing.startRun({ runDate: date }),
      billing.billing.startRun({ runDate: `${date.slice(0, 8)}15` }),
    ]);
    const c = await billing.billing.startRun({ runDate: date });
    expect(new Set([a.id, b.id, c.id]).size).toBe(1);
    expect(await queue.jobsByKey(BILLING_RUN_QUEUE, billingRunKey(date.slice(0, 7)))).toHaveLength(1);
    await finished(a.id);
    expect(await queue.jobsByKey(BILLING_RUN_QUEUE, billingRunKey(date.slice(0, 7)))).toHaveLength(1);
    expect((await periodLinesPerSubscription(db(), date)).every((r) => r.n === 1)).toBe(true);
  });

  it("creates no invoice when a finished month is run again", async () => {
    const before = await runInvoiceNumbers(db(), runDate);
    const [previous] = (await billing.billing.runs({})).filter((r) => r.periodMonth === runDate.slice(0, 7));
    const again = await billing.billing.startRun({ runDate });
    expect(again).toMatchObject({ id: previous!.id, status: "running" });
    const run = await finished(again.id);
    expect(run).toMatchObject({ status: "done", totals: previous!.totals, job: { state: "finished" } });
    expect(await runInvoiceNumbers(db(), runDate)).toEqual(before);
    expect((await periodLinesPerSubscription(db(), runDate)).every((r) => r.n === 1)).toBe(true);
  });

  it("gives a subscription that became due after its customer's invoice an invoice of its own, once", async () => {
    const [sample] = await db()
      .select()
      .from(invoices)
      .where(
        eq(
          invoices.number,
          (
            await db().select({ n: invoices.number }).from(invoices).where(eq(invoices.source, "billing_run")).limit(1)
          )[0]!.n,
        ),
      );
    const [sibling] = await db()
      .select()
      .from(serviceSubscriptions)
      .where(eq(serviceSubscriptions.customerId, sample!.customerId))
      .limit(1);
    const [late] = await db()
      .insert(serviceSubscriptions)
      .values({
        customerId: sibling!.customerId,
        locationId: sibling!.locationId,
        itemId: sibling!.itemId,
        status: "active",
        startDate: addMonths(sample!.periodStart!, -2),
        billingDay: Number(sample!.periodStart!.slice(8, 10)),
      })
      .returning();
    const runDateOfSample = `${sample!.periodStart!.slice(0, 7)}-01`;

    for (let attempt = 0; attempt < 2; attempt++) {
      const started = await billing.billing.startRun({ runDate: runDateOfSample });
      await finished(started.id);
    }
    const lines = await db()
      .select()
      .from(invoiceLines)
      .where(and(eq(invoiceLines.subscriptionId, late!.id), eq(invoiceLines.kind, "period")));
    expect(lines).toHaveLength(1);
    const [own] = await db().select().from(invoices).where(eq(invoices.id, lines[0]!.invoiceId));
    expect(own!.number).toBe(`${sample!.number}-2`);
    expect(own!.customerId).toBe(sample!.customerId);
    const [unchanged] = await db().select().from(invoices).where(eq(invoices.id, sample!.id));
    expect(unchanged).toEqual(sample);
    expect((await runInvoiceNumbers(db(), runDateOfSample)).repeated).toBe(0);
    // The rerun delivered the new invoice too.
    expect(delivered).toContain(own!.id);
  });

  it("installs the monthly schedule, whose tick starts the month's run dated today in Quebec", async () => {
    expect(await queue.schedules()).toContainEqual(
      expect.objectContaining({ name: MONTHLY_BILLING_QUEUE, cron: "0 6 1 * *", timezone: "America/Toronto" }),
    );
    const month = localDate(new Date()).slice(0, 7);
    // What pg-boss's clock sends at the tick.
    await queue.send(MONTHLY_BILLING_QUEUE, {});
    const run = await waitFor(
      "the scheduled run",
      async () => (await billing.billing.runs({})).find((r) => r.periodMonth === month),
      (r) => r !== undefined,
    );
    const done = await finished(run!.id);
    expect(done).toMatchObject({ status: "done", runDate: localDate(new Date()), startedByName: null });
    expect((await periodLinesPerSubscription(db(), done.runDate)).every((r) => r.n === 1)).toBe(true);
  });

  it(
    "resumes a delivery that failed mid-way from its chunk, without redoing the chunks before it",
    { timeout: 90_000 },
    async () => {
      const date = addMonths(runDate, 2);
      const before = delivered.length;
      // The 11th call is the 4th invoice of the second chunk of 7.
      failOnCall = before + 11;
      const started = await billing.billing.startRun({ runDate: date });
      const run = await finished(started.id);
      expect(run.delivery.state).toBe("delivered");
      const ids = await runInvoiceIds(run.id);
      const calls = delivered.slice(before);
      expect(new Set(calls)).toEqual(new Set(ids));
      // First chunk once; the failed chunk's three invoices before the failure twice; then each once, in order.
      expect(calls).toEqual([...ids.slice(0, 10), ...ids.slice(7)]);
    },
  );
});
