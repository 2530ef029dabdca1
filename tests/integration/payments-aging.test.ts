import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, invoices, paymentAllocations, payments } from "@/server/db/schema";
import { localMidnight } from "@/lib/domain/quebec-dates";
import { agingReport } from "@/server/services/payments/aging-report";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { callerWithContext, testConfig } from "../support/test-runtime";
import { buildRuntime } from "@/server/runtime";
import { serviceDepsOf } from "@/server/trpc/context";

/**
 * A small book with every boundary, and the figures worked out by hand:
 * as of 2026-06-30, days past due 0 and 30 are "0–30", 31 is "31–60", 90 is "61–90", 91 is "90+".
 */
let database: TestDatabase;
const ids: Record<string, number> = {};
let serial = 0;
const db = () => database.handle.db;

async function customer(name: string) {
  serial++;
  const [row] = await db()
    .insert(customers)
    .values({ legacyAccountId: `AG-${serial}`, legacyCustomerId: `AGC-${serial}`, displayName: name })
    .returning({ id: customers.id });
  ids[name] = row!.id;
  return row!.id;
}

async function invoice(
  customerId: number,
  o: {
    total: number;
    balance?: number;
    issue?: string;
    due: string;
    status?: "open" | "paid" | "void";
    kind?: "invoice" | "credit_note";
  },
) {
  serial++;
  const status = o.status ?? "open";
  const [row] = await db()
    .insert(invoices)
    .values({
      number: `AG-${serial}`,
      customerId,
      status,
      kind: o.kind ?? "invoice",
      issueDate: o.issue ?? "2026-01-01",
      dueDate: o.due,
      subtotalCents: o.total,
      gstCents: 0,
      qstCents: 0,
      totalCents: o.total,
      balanceCents: o.balance ?? (status === "open" ? o.total : 0),
    })
    .returning({ id: invoices.id });
  return row!.id;
}

async function paid(customerId: number, invoiceId: number, amount: number, receivedAt: Date) {
  const [p] = await db()
    .insert(payments)
    .values({ customerId, amountCents: amount, method: "cheque", receivedAt })
    .returning({ id: payments.id });
  await db().insert(paymentAllocations).values({ paymentId: p!.id, invoiceId, amountCents: amount });
}

const noonOf = (day: string) => new Date(localMidnight(day).getTime() + 12 * 3_600_000);

beforeAll(async () => {
  database = await createTestDatabase();
  const a = await customer("Alpha");
  await invoice(a, { total: 1000, due: "2026-06-30" }); // 0 days
  await invoice(a, { total: 2000, due: "2026-05-31" }); // 30 days
  const partly = await invoice(a, { total: 3000, balance: 2000, due: "2026-05-30" }); // 31 days, 1000 paid before
  await paid(a, partly, 1000, noonOf("2026-06-15"));

  const b = await customer("Bravo");
  await invoice(b, { total: 4000, due: "2026-04-01" }); // 90 days
  await invoice(b, { total: 5000, due: "2026-03-31" }); // 91 days
  await invoice(b, { total: 600, due: "2026-07-15" }); // not due yet
  await invoice(b, { total: 7000, due: "2026-04-01", status: "void" });
  await invoice(b, { total: 800, issue: "2026-07-05", due: "2026-08-05" }); // issued after the as-of date

  const c = await customer("Charlie");
  await paid(c, await invoice(c, { total: 2500, due: "2026-06-10", status: "paid" }), 2500, noonOf("2026-07-02")); // paid after: still owed on 06-30
  await paid(c, await invoice(c, { total: 1200, due: "2026-06-10", status: "paid" }), 1200, noonOf("2026-06-20"));
  await invoice(c, { total: -1500, due: "2026-06-10", kind: "credit_note" });

  const d = await customer("Delta");
  // Paid at 23:30 on June 30 in Quebec (03:30 UTC on July 1): settled on the as-of date.
  await paid(
    d,
    await invoice(d, { total: 900, due: "2026-06-01", status: "paid" }),
    900,
    new Date(localMidnight("2026-07-01").getTime() - 30 * 60_000),
  );
  const e = await customer("Echo");
  // Paid at 00:00 on July 1: still owed at the end of June 30.
  await paid(e, await invoice(e, { total: 700, due: "2026-06-01", status: "paid" }), 700, localMidnight("2026-07-01"));
});
afterAll(() => database?.drop());

const zero = { notDue: 0, days0to30: 0, days31to60: 0, days61to90: 0, over90: 0 };

describe("aging report", () => {
  it("buckets balances as of a date, per customer and in total, largest overdue first", async () => {
    const report = await agingReport(db(), { asOf: "2026-06-30", limit: 100 });
    expect(report.customers).toEqual([
      {
        customerId: ids.Bravo,
        customerName: "Bravo",
        ...zero,
        notDue: 600,
        days61to90: 4000,
        over90: 5000,
        totalCents: 9600,
      },
      { customerId: ids.Alpha, customerName: "Alpha", ...zero, days0to30: 3000, days31to60: 2000, totalCents: 5000 },
      { customerId: ids.Charlie, customerName: "Charlie", ...zero, days0to30: 2500, totalCents: 2500 },
      { customerId: ids.Echo, customerName: "Echo", ...zero, days0to30: 700, totalCents: 700 },
    ]);
    expect(report.totals).toEqual({
      notDue: 600,
      days0to30: 6200,
      days31to60: 2000,
      days61to90: 4000,
      over90: 5000,
      totalCents: 17800,
    });
    expect(report.customerCount).toBe(4);
  });

  it("moves balances along the buckets as the date moves, and drops what was paid by then", async () => {
    const report = await agingReport(db(), { asOf: "2026-07-31", limit: 100 });
    expect(report.customers).toEqual([
      {
        customerId: ids.Bravo,
        customerName: "Bravo",
        ...zero,
        notDue: 800,
        days0to30: 600,
        over90: 9000,
        totalCents: 10400,
      },
      { customerId: ids.Alpha, customerName: "Alpha", ...zero, days31to60: 1000, days61to90: 4000, totalCents: 5000 },
    ]);
    expect(report.totals).toEqual({
      notDue: 800,
      days0to30: 600,
      days31to60: 1000,
      days61to90: 4000,
      over90: 9000,
      totalCents: 15400,
    });
  });

  it("keeps the totals of every customer when the list is limited, and is empty before any invoice", async () => {
    const limited = await agingReport(db(), { asOf: "2026-06-30", limit: 1 });
    expect(limited.customers.map((c) => c.customerName)).toEqual(["Bravo"]);
    expect(limited).toMatchObject({ customerCount: 4, totals: { totalCents: 17800, days0to30: 6200 } });
    expect(await agingReport(db(), { asOf: "2025-12-31", limit: 10 })).toEqual({
      asOf: "2025-12-31",
      customers: [],
      customerCount: 0,
      totals: { ...zero, totalCents: 0 },
    });
  });

  it("is served by payments.aging to office staff, and refuses a bad date", async () => {
    const ctx = {
      ...serviceDepsOf(buildRuntime(testConfig(), database.handle)),
      customer: null,
      staff: { userId: "u-support", name: "Support", email: "support@demo.test", role: "support" as const },
    };
    const caller = callerWithContext(ctx);
    expect((await caller.payments.aging({ asOf: "2026-06-30" })).totals.totalCents).toBe(17800);
    await expect(caller.payments.aging({ asOf: "2026-06-31" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
