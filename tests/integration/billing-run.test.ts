import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { addMonths, buildInvoice, periodInvoicedByRun, periodLine } from "@/lib/domain/billing";
import { rowsOf } from "@/server/db/client";
import { billingRuns, customers, invoiceLines, invoices, items, serviceSubscriptions } from "@/server/db/schema";
import type { Actor } from "@/server/services/actor";
import {
  runBilling as runBillingWith,
  SimulatedCrashError,
  taxProviderOf,
  type RunBillingOptions,
} from "@/server/services/billing/billing-run";
import { RuleViolationError } from "@/server/services/errors";
import { seedDay } from "@/server/seed";
import { callerAs, createSeededRuntime, type TestRuntime } from "../support/test-runtime";

let runtime: TestRuntime;
let billing: Awaited<ReturnType<typeof callerAs>>["caller"];
const system: Actor = { realm: "system", userId: null, name: "billing-run test" };
// The seed's history ends this month: runs dated in the following months find nothing invoiced yet.
const thisMonth = `${seedDay(new Date()).slice(0, 7)}-01`;
const runDateIn = (monthsAhead: number) => addMonths(thisMonth, monthsAhead);

beforeAll(async () => {
  runtime = await createSeededRuntime();
  ({ caller: billing } = await callerAs(runtime, "staff", "billing@demo.test"));
});
afterAll(() => runtime?.close());

const db = () => runtime.database.db;
const provider = () => taxProviderOf(runtime.config.billing);
/** The service itself, without the job queue (billing-run-jobs.test.ts covers the job path). */
const runBilling = (database: typeof runtime.database.db, options: Omit<RunBillingOptions, "provider">) =>
  runBillingWith(database, { ...options, provider: provider() });

async function errorOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

/** Due subscriptions for the run's month, computed here independently of the service. */
async function expectedFor(runDate: string) {
  const subs = await db().select().from(serviceSubscriptions).where(eq(serviceSubscriptions.status, "active"));
  const due = subs.filter((s) => {
    const start = periodInvoicedByRun(runDate, s.billingDay).start;
    return s.startDate <= start && (s.endDate === null || s.endDate > start);
  });
  return { subscriptions: due.length, invoices: new Set(due.map((s) => `${s.customerId}|${s.billingDay}`)).size, due };
}

/** Lines per (subscription, period start) for the run's month: every one must be exactly 1. */
async function linesPerSubscription(runDate: string) {
  return rowsOf<{ subscription_id: number; n: number }>(
    db(),
    sql`
    select l.subscription_id, count(*)::int as n from invoice_lines l
    join service_subscriptions s on s.id = l.subscription_id
    where l.period_start = make_date(${Number(runDate.slice(0, 4))}::int, ${Number(runDate.slice(5, 7))}::int, s.billing_day::int)
    group by l.subscription_id`,
  );
}

async function invoiceCountFor(runDate: string): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(
    db(),
    sql`select count(*)::int as n from invoices where number like ${`F-${runDate.slice(0, 4)}${runDate.slice(5, 7)}-%`}`,
  );
  return row?.n ?? 0;
}

describe("billing run", () => {
  const runDate = runDateIn(1);

  it("invoices every due subscription once, with the pure rules' amounts and taxes", async () => {
    const expected = await expectedFor(runDate);
    expect(expected.subscriptions).toBeGreaterThan(50);
    // A campaign discount comes off the period's price (ADR 0003).
    const discounted = expected.due.find((s) => s.priceOverrideCents === null)!;
    await db()
      .update(serviceSubscriptions)
      .set({ campaignDiscountCents: 1500 })
      .where(eq(serviceSubscriptions.id, discounted.id));
    discounted.campaignDiscountCents = 1500;
    const summary = await runBilling(db(), { runDate, actor: system });
    expect(summary).toMatchObject({
      status: "done",
      periodMonth: runDate.slice(0, 7),
      progress: { done: expected.subscriptions, total: expected.subscriptions },
    });
    expect(summary.created).toEqual({
      invoices: expected.invoices,
      lines: expected.subscriptions,
      batches: expect.any(Number),
    });

    const perSub = await linesPerSubscription(runDate);
    expect(perSub.length).toBe(expected.subscriptions);
    expect(perSub.every((r) => r.n === 1)).toBe(true);

    // Every invoice of the run: lines sum to the subtotal, total = subtotal + GST + QST, balance = total.
    const sums = await rowsOf<{ bad: number; n: number }>(
      db(),
      sql`
      select count(*)::int as n, count(*) filter (where i.subtotal_cents <> (select sum(amount_cents) from invoice_lines l where l.invoice_id = i.id)
        or i.total_cents <> i.subtotal_cents + i.gst_cents + i.qst_cents or i.balance_cents <> i.total_cents or i.status <> 'open')::int as bad
      from invoices i where i.number like ${`F-${runDate.slice(0, 4)}${runDate.slice(5, 7)}-%`}`,
    );
    expect(sums[0]).toEqual({ n: expected.invoices, bad: 0 });

    // A few invoices rebuilt from the rules: price override or plan price, taxes once on the subtotal.
    const sample = expected.due
      .filter((_, i) => i % Math.ceil(expected.due.length / 5) === 0)
      .concat(expected.due.filter((s) => s.priceOverrideCents !== null).slice(0, 2), [discounted]);
    for (const s of sample) {
      const period = periodInvoicedByRun(runDate, s.billingDay);
      const [customer] = await db().select().from(customers).where(eq(customers.id, s.customerId));
      const theirs = expected.due.filter((o) => o.customerId === s.customerId && o.billingDay === s.billingDay);
      const lines = [];
      for (const o of theirs) {
        const [item] = await db().select().from(items).where(eq(items.id, o.itemId));
        lines.push(
          periodLine(
            {
              plan: { name: item!.nameFr, monthlyPriceCents: item!.priceCents },
              priceOverrideCents: o.priceOverrideCents,
              discountCentsPerPeriod: o.campaignDiscountCents ?? 0,
              billingDay: o.billingDay,
              activationDate: o.startDate,
            },
            period.start,
          ),
        );
      }
      const want = buildInvoice(lines, provider());
      const [line] = await db()
        .select()
        .from(invoiceLines)
        .where(sql`${invoiceLines.subscriptionId} = ${s.id} and ${invoiceLines.periodStart} = ${period.start}`);
      const [invoice] = await db().select().from(invoices).where(eq(invoices.id, line!.invoiceId));
      expect(invoice).toMatchObject({
        customerId: s.customerId,
        language: customer!.language,
        periodStart: period.start,
        issueDate: runDate,
        subtotalCents: want.subtotalCents,
        gstCents: want.gstCents,
        qstCents: want.qstCents,
        totalCents: want.totalCents,
      });
      const [item] = await db().select().from(items).where(eq(items.id, s.itemId));
      expect(line!.amountCents).toBe(
        Math.max(0, (s.priceOverrideCents ?? item!.priceCents) - (s.campaignDiscountCents ?? 0)),
      );
    }
  });

  it("creates nothing when run again for the same month, and reports the run's status", async () => {
    const before = await invoiceCountFor(runDate);
    const again = await runBilling(db(), { runDate, actor: system });
    expect(again.created).toEqual({ invoices: 0, lines: 0, batches: 0 });
    // Another date in the same month is the same run: same periods, same row.
    const later = await runBilling(db(), { runDate: `${runDate.slice(0, 8)}20`, actor: system });
    expect(later.id).toBe(again.id);
    expect(later.created?.invoices).toBe(0);
    expect(await invoiceCountFor(runDate)).toBe(before);
    const status = await billing.billing.run({ id: again.id });
    expect(status).toMatchObject({
      id: again.id,
      status: "done",
      progress: { done: again.progress.total, total: again.progress.total },
    });
  });

  it("resumes after a crash mid-run and ends with every due subscription invoiced exactly once", async () => {
    const crashDate = runDateIn(2);
    const expected = await expectedFor(crashDate);
    const progress: Array<{ done: number; total: number }> = [];
    const crash = await errorOf(
      runBilling(db(), {
        runDate: crashDate,
        actor: system,
        batchSize: 20,
        failAfterBatches: 1,
        onProgress: (p) => {
          progress.push({ done: p.done, total: p.total });
        },
      }),
    );
    expect(crash).toBeInstanceOf(SimulatedCrashError);
    const [failed] = await db()
      .select()
      .from(billingRuns)
      .where(eq(billingRuns.periodMonth, crashDate.slice(0, 7)));
    expect(failed).toMatchObject({ status: "failed", batchesCommitted: 1 });
    const partial = await invoiceCountFor(crashDate);
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(expected.invoices);
    expect(progress.at(-1)).toEqual({ done: failed!.invoicedSubscriptions, total: expected.subscriptions });

    const resumed = await runBilling(db(), { runDate: crashDate, actor: system, batchSize: 20 });
    expect(resumed).toMatchObject({
      id: failed!.id,
      status: "done",
      progress: { done: expected.subscriptions, total: expected.subscriptions },
    });
    expect(resumed.created!.invoices).toBe(expected.invoices - partial);
    expect(await invoiceCountFor(crashDate)).toBe(expected.invoices);
    // The same data billed without a crash the month before gave as many invoices.
    expect(expected.invoices).toBe(await invoiceCountFor(runDateIn(1)));
    const perSub = await linesPerSubscription(crashDate);
    expect(perSub.length).toBe(expected.subscriptions);
    expect(perSub.every((r) => r.n === 1)).toBe(true);
  });

  it("bills exactly once when two runs of the same month race", async () => {
    const raceDate = runDateIn(3);
    const expected = await expectedFor(raceDate);
    const [a, b] = await Promise.all([
      runBilling(db(), { runDate: raceDate, actor: system, batchSize: 15 }),
      runBilling(db(), { runDate: raceDate, actor: system, batchSize: 15 }),
    ]);
    expect(a.id).toBe(b.id);
    expect(a.created!.invoices + b.created!.invoices).toBe(expected.invoices);
    expect(await invoiceCountFor(raceDate)).toBe(expected.invoices);
    const perSub = await linesPerSubscription(raceDate);
    expect(perSub.length).toBe(expected.subscriptions);
    expect(perSub.every((r) => r.n === 1)).toBe(true);
  });
});

describe("billing run input and access", () => {
  it.each(["2026-13-01", "2026-02-30", "2026-1-05", "not a date"])(
    "refuses runDate %s with BAD_REQUEST and writes nothing",
    async (runDate) => {
      const [before] = await rowsOf<{ runs: number; invoices: number }>(
        db(),
        sql`select (select count(*) from billing_runs)::int as runs, (select count(*) from invoices)::int as invoices`,
      );
      const error = await errorOf(billing.billing.startRun({ runDate }));
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
      expect((error as TRPCError).message).toMatch(/runDate/);
      await expect(runBilling(db(), { runDate, actor: system })).rejects.toBeInstanceOf(RuleViolationError);
      const [after] = await rowsOf<{ runs: number; invoices: number }>(
        db(),
        sql`select (select count(*) from billing_runs)::int as runs, (select count(*) from invoices)::int as invoices`,
      );
      expect(after).toEqual(before);
    },
  );

  it("is refused to a technician", async () => {
    const { caller: technician } = await callerAs(runtime, "staff", "technician@demo.test");
    const error = await errorOf(technician.billing.startRun({ runDate: runDateIn(4) }));
    expect((error as TRPCError).code).toBe("FORBIDDEN");
    expect(await invoiceCountFor(runDateIn(4))).toBe(0);
  });

  it("says NOT_FOUND for an unknown run", async () => {
    const error = await errorOf(billing.billing.run({ id: 999_999 }));
    expect((error as TRPCError).code).toBe("NOT_FOUND");
  });
});
