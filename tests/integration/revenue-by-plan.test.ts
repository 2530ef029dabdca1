import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, invoiceLines, invoices, items, serviceLocations, serviceSubscriptions } from "@/server/db/schema";
import { revenueByPlan } from "@/server/services/subscriptions/revenue-by-plan";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

// A small dataset on an empty database, so every figure below is computed by hand.
let database: TestDatabase;
const db = () => database.handle.db;
const ids: Record<string, number> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  const [customer] = await db()
    .insert(customers)
    .values({ legacyAccountId: "R-1", legacyCustomerId: "R-1", displayName: "Revenue Test" })
    .returning();
  const [location] = await db()
    .insert(serviceLocations)
    .values({
      customerId: customer!.id,
      address: "1 rue Test",
      city: "Granby",
      postalCode: "J2G 1A1",
      latitude: 45.4,
      longitude: -72.7,
    })
    .returning();
  const plans = await db()
    .insert(items)
    .values([
      {
        sku: "F100",
        nameFr: "Fibre 100",
        nameEn: "Fiber 100",
        kind: "internet",
        billing: "recurring",
        priceCents: 6000,
      },
      {
        sku: "F500",
        nameFr: "Fibre 500",
        nameEn: "Fiber 500",
        kind: "internet",
        billing: "recurring",
        priceCents: 9000,
      },
      { sku: "TV", nameFr: "Télé", nameEn: "TV", kind: "tv", billing: "recurring", priceCents: 3000 },
    ])
    .returning();
  for (const p of plans) ids[p.sku === "F100" ? "f100" : p.sku === "F500" ? "f500" : "tv"] = p.id;
  const sub = (itemId: number, values: Partial<typeof serviceSubscriptions.$inferInsert> = {}) => ({
    customerId: customer!.id,
    locationId: location!.id,
    itemId,
    status: "active" as const,
    startDate: "2025-01-01",
    billingDay: 1,
    ...values,
  });
  const subs = await db()
    .insert(serviceSubscriptions)
    .values([
      sub(ids.f100!), // 60.00
      sub(ids.f100!, { priceOverrideCents: 4500 }), // 45.00
      sub(ids.f100!, { campaignDiscountCents: 1000 }), // 50.00
      sub(ids.f500!, { priceOverrideCents: 8000, campaignDiscountCents: 500 }), // 75.00: the discount applies to the override
      sub(ids.f500!, { campaignDiscountCents: 99_999 }), // 0: never below zero
      sub(ids.f500!, { status: "suspended" }), // not recurring revenue while suspended
      sub(ids.tv!, { status: "cancelled", endDate: "2026-06-01" }),
    ])
    .returning();
  const [invoice] = await db()
    .insert(invoices)
    .values({
      number: "R-INV-1",
      customerId: customer!.id,
      issueDate: "2026-11-01",
      dueDate: "2026-12-01",
      subtotalCents: 0,
      gstCents: 0,
      qstCents: 0,
      totalCents: 0,
      balanceCents: 0,
    })
    .returning();
  const line = (
    subscriptionId: number | null,
    itemId: number,
    kind: "period" | "credit" | "charge",
    periodStart: string,
    amountCents: number,
  ) => ({
    invoiceId: invoice!.id,
    subscriptionId,
    itemId,
    kind,
    description: "test",
    periodStart,
    periodEnd: periodStart,
    unitPriceCents: amountCents,
    amountCents,
  });
  await db()
    .insert(invoiceLines)
    .values([
      line(subs[0]!.id, ids.f100!, "period", "2025-12-01", 6000), // first month of the window (today 2026-11-20 → Dec 2025 .. Nov 2026)
      line(subs[0]!.id, ids.f100!, "period", "2026-11-01", 6000),
      line(subs[1]!.id, ids.f100!, "period", "2026-06-15", 2710), // a prorated activation counts as period revenue
      line(subs[0]!.id, ids.f100!, "period", "2025-11-30", 6000), // before the window
      line(subs[0]!.id, ids.f100!, "period", "2026-12-01", 6000), // after it (billed in advance)
      line(subs[3]!.id, ids.f500!, "period", "2026-03-01", 9000),
      line(subs[3]!.id, ids.f500!, "credit", "2026-03-10", -2000), // change credits are not period revenue
      line(subs[3]!.id, ids.f500!, "charge", "2026-03-10", 2500),
      line(subs[6]!.id, ids.tv!, "period", "2026-05-01", 3000), // cancelled since, but invoiced in the window
      line(null, ids.tv!, "period", "2026-05-01", 1234), // not a subscription's line (a fee)
    ]);
});
afterAll(() => database?.drop());

describe("revenue by plan", () => {
  it("sums active subscriptions' rates and the window's period lines per plan", async () => {
    const report = await revenueByPlan(db(), "2026-11-20");
    expect(report).toMatchObject({ from: "2025-12-01", until: "2026-12-01" });
    expect(report.plans.map((p) => [p.sku, p.activeSubscriptions, p.monthlyRecurringCents, p.invoicedCents])).toEqual([
      ["F100", 3, 15500, 14710],
      ["F500", 2, 7500, 9000],
      ["TV", 0, 0, 3000],
    ]);
    expect(report.totals).toEqual({ activeSubscriptions: 5, monthlyRecurringCents: 23000, invoicedCents: 26710 });
  });

  it("moves the 12-month window with the date", async () => {
    const report = await revenueByPlan(db(), "2027-06-20");
    expect(report).toMatchObject({ from: "2026-07-01", until: "2027-07-01" });
    expect(report.plans.map((p) => [p.sku, p.invoicedCents])).toEqual([
      ["F100", 12000],
      ["F500", 0],
    ]); // TV: no active subscription, nothing invoiced in the window
  });
});
