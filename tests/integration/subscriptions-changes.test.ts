import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { rowsOf } from "@/server/db/client";
import {
  auditLog,
  invoiceLines,
  invoices,
  items,
  portalUsers,
  serviceLocations,
  serviceSubscriptions,
  subscriptionChanges,
} from "@/server/db/schema";
import type { Actor } from "@/server/services/actor";
import { runBilling } from "@/server/services/billing/billing-run";
import { applySubscriptionChange, previewSubscriptionChange } from "@/server/services/subscriptions/apply-change";
import type { SubscriptionChange } from "@/lib/schemas/subscriptions";
import { createSeededRuntime, type TestRuntime } from "../support/test-runtime";

let runtime: TestRuntime;
const db = () => runtime.database.db;
const clerk: Actor = { realm: "staff", userId: "test-clerk", role: "billing", name: "Test clerk" };
const provider = { gstNumber: "123456789 RT0001", qstNumber: "1234567890 TQ0001" };
let customerId: number;
let locationId: number;
let fibre100: number;
let fibre500: number;

beforeAll(async () => {
  runtime = await createSeededRuntime();
  const [julie] = await db().select().from(portalUsers).where(eq(portalUsers.email, "customer@demo.test"));
  customerId = julie!.customerId;
  const [location] = await db()
    .select()
    .from(serviceLocations)
    .where(eq(serviceLocations.customerId, customerId))
    .limit(1);
  locationId = location!.id;
  const plans = await db()
    .insert(items)
    .values([
      {
        sku: "TEST-CHG-100",
        nameFr: "Fibre Essai 100",
        nameEn: "Fiber Trial 100",
        kind: "internet",
        billing: "recurring",
        priceCents: 5999,
      },
      {
        sku: "TEST-CHG-500",
        nameFr: "Fibre Essai 500",
        nameEn: "Fiber Trial 500",
        kind: "internet",
        billing: "recurring",
        priceCents: 8999,
      },
    ])
    .returning({ id: items.id });
  [fibre100, fibre500] = [plans[0]!.id, plans[1]!.id];
});
afterAll(() => runtime?.close());

async function subscription(values: Partial<typeof serviceSubscriptions.$inferInsert> = {}) {
  const [row] = await db()
    .insert(serviceSubscriptions)
    .values({
      customerId,
      locationId,
      itemId: fibre100,
      status: "active",
      startDate: "2026-10-01",
      billingDay: 1,
      ...values,
    })
    .returning();
  return row!;
}

let request = 0;
const requestId = () => `00000000-0000-4000-8000-${String(++request).padStart(12, "0")}`;
const apply = (change: SubscriptionChange, today: string) =>
  applySubscriptionChange(db(), { change, requestId: requestId() }, { provider, actor: clerk, today });
const reload = async (id: number) =>
  (await db().select().from(serviceSubscriptions).where(eq(serviceSubscriptions.id, id)))[0]!;
const linesOf = (invoiceId: number) =>
  db().select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).orderBy(invoiceLines.id);
const invoiceById = async (id: number) => (await db().select().from(invoices).where(eq(invoices.id, id)))[0]!;
const historyOf = (id: number) =>
  db()
    .select()
    .from(subscriptionChanges)
    .where(eq(subscriptionChanges.subscriptionId, id))
    .orderBy(subscriptionChanges.id);
const auditOf = (id: number) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "subscription"), eq(auditLog.entityId, String(id))))
    .orderBy(auditLog.id);

describe("activation", () => {
  it("invoices the prorated first period as a period line and activates the subscription", async () => {
    const sub = await subscription({
      status: "pending",
      startDate: "2030-01-20",
      billingDay: 20,
      radiusStatus: "disabled",
    });
    const result = await apply({ action: "activate", subscriptionId: sub.id, date: "2030-01-31" }, "2030-01-31");

    // Billing day 28 for the 31st; 28 of 31 days of 59.99 $ = 54.18 $ (ADR 0003).
    const invoice = await invoiceById(result.invoice!.id);
    expect(invoice).toMatchObject({
      customerId,
      status: "open",
      kind: "invoice",
      source: "subscription_change",
      language: "fr",
      issueDate: "2030-01-31",
      dueDate: "2030-03-02",
      periodStart: "2030-01-31",
      periodEnd: "2030-02-27",
      subtotalCents: 5418,
      gstCents: 271,
      qstCents: 540,
      totalCents: 6229,
      balanceCents: 6229,
    });
    expect(invoice.number).toMatch(/^A-203001-\d{6}$/);
    expect(await linesOf(invoice.id)).toEqual([
      expect.objectContaining({
        subscriptionId: sub.id,
        itemId: fibre100,
        kind: "period",
        periodStart: "2030-01-31",
        periodEnd: "2030-02-27",
        amountCents: 5418,
        description: "Fibre Essai 100 — mise en service, du 31 janvier 2030 au 27 février 2030",
      }),
    ]);
    expect(await reload(sub.id)).toMatchObject({
      status: "active",
      startDate: "2030-01-31",
      billingDay: 28,
      radiusStatus: "enabled",
    });
    expect(await historyOf(sub.id)).toEqual([
      expect.objectContaining({
        kind: "activation",
        effectiveDate: "2030-01-31",
        invoiceId: invoice.id,
        createdBy: "test-clerk",
      }),
    ]);
    const [audit] = await auditOf(sub.id);
    expect(audit).toMatchObject({ action: "subscription.activate", actorId: "test-clerk" });
    expect(audit!.changes).toMatchObject({
      status: { from: "pending", to: "active" },
      billingDay: { from: 20, to: 28 },
    });
  });

  it("keeps the monthly run from billing the activated period a second time", async () => {
    const sub = await subscription({ status: "pending", startDate: "2030-02-01" });
    await apply({ action: "activate", subscriptionId: sub.id, date: "2030-02-10" }, "2030-02-10");
    const periodLines = () =>
      rowsOf<{ n: number }>(
        db(),
        sql`select count(*)::int as n from invoice_lines where subscription_id = ${sub.id} and kind = 'period' and period_start = '2030-02-10'`,
      );
    expect(await periodLines()).toEqual([{ n: 1 }]);

    const run = await runBilling(db(), {
      runDate: "2030-02-01",
      actor: { realm: "system", userId: null, name: "test run" },
      provider,
    });
    expect(run.created!.lines).toBeGreaterThan(0); // the run did bill the other active subscriptions
    expect(await periodLines()).toEqual([{ n: 1 }]);
    // The next month's run bills the next period normally.
    await runBilling(db(), {
      runDate: "2030-03-01",
      actor: { realm: "system", userId: null, name: "test run" },
      provider,
    });
    const [next] = await db()
      .select()
      .from(invoiceLines)
      .where(and(eq(invoiceLines.subscriptionId, sub.id), eq(invoiceLines.periodStart, "2030-03-10")));
    expect(next?.amountCents).toBe(5999);
  });
});

describe("plan change", () => {
  it("credits the old plan and charges the new one for the rest of the period", async () => {
    const sub = await subscription({ priceOverrideCents: 5500 });
    const result = await apply(
      { action: "changePlan", subscriptionId: sub.id, date: "2026-11-16", itemId: fibre500 },
      "2026-11-16",
    );
    // 15 of 30 days: −27.50 $ at the overridden 55.00 $, +45.00 $ (half of 89.99, rounded away from zero).
    const invoice = await invoiceById(result.invoice!.id);
    expect(invoice).toMatchObject({
      kind: "invoice",
      subtotalCents: 1750,
      gstCents: 88,
      qstCents: 175,
      totalCents: 2013,
      balanceCents: 2013,
    });
    expect(
      (await linesOf(invoice.id)).map((l) => [l.kind, l.itemId, l.amountCents, l.periodStart, l.periodEnd]),
    ).toEqual([
      ["credit", fibre100, -2750, "2026-11-16", "2026-11-30"],
      ["charge", fibre500, 4500, "2026-11-16", "2026-11-30"],
    ]);
    // The override was negotiated for the old plan: the new plan runs at its own price.
    expect(await reload(sub.id)).toMatchObject({ itemId: fibre500, priceOverrideCents: null });
    expect((await historyOf(sub.id))[0]).toMatchObject({
      kind: "plan_change",
      invoiceId: invoice.id,
      details: expect.objectContaining({ fromItemId: fibre100, toItemId: fibre500, clearedPriceOverrideCents: 5500 }),
    });
  });

  it("writes no invoice on the billing day, only the change", async () => {
    const sub = await subscription();
    const result = await apply(
      { action: "changePlan", subscriptionId: sub.id, date: "2026-12-01", itemId: fibre500 },
      "2026-11-20",
    );
    expect(result.invoice).toBeNull();
    expect(await reload(sub.id)).toMatchObject({ itemId: fibre500 });
    expect(await historyOf(sub.id)).toEqual([
      expect.objectContaining({ kind: "plan_change", effectiveDate: "2026-12-01", invoiceId: null }),
    ]);
  });

  it("re-bills a period the run already invoiced in advance at the old plan", async () => {
    const sub = await subscription();
    const [advance] = await db()
      .insert(invoices)
      .values({
        number: `TEST-ADV-${sub.id}`,
        customerId,
        status: "open",
        source: "billing_run",
        issueDate: "2026-11-01",
        dueDate: "2026-12-01",
        subtotalCents: 5999,
        gstCents: 300,
        qstCents: 598,
        totalCents: 6897,
        balanceCents: 6897,
      })
      .returning();
    await db().insert(invoiceLines).values({
      invoiceId: advance!.id,
      subscriptionId: sub.id,
      itemId: fibre100,
      kind: "period",
      description: "Fibre Essai 100",
      periodStart: "2026-12-01",
      periodEnd: "2026-12-31",
      unitPriceCents: 5999,
      amountCents: 5999,
    });
    const result = await apply(
      { action: "changePlan", subscriptionId: sub.id, date: "2026-12-01", itemId: fibre500 },
      "2026-11-20",
    );
    expect((await linesOf(result.invoice!.id)).map((l) => [l.kind, l.amountCents, l.periodStart])).toEqual([
      ["credit", -5999, "2026-12-01"],
      ["charge", 8999, "2026-12-01"],
    ]);
  });
});

describe("suspension and resume", () => {
  it("suspends service and RADIUS, then credits the suspended days at the resume", async () => {
    const sub = await subscription();
    const suspended = await apply({ action: "suspend", subscriptionId: sub.id, date: "2026-11-10" }, "2026-11-10");
    expect(suspended.invoice).toBeNull();
    expect(await reload(sub.id)).toMatchObject({
      status: "suspended",
      radiusStatus: "suspended",
      suspendedSince: "2026-11-10",
    });

    const resumed = await apply({ action: "resume", subscriptionId: sub.id, date: "2026-11-20" }, "2026-11-20");
    // 10 of 30 days of 59.99 $ back: a credit note, taxes given back too.
    const note = await invoiceById(resumed.invoice!.id);
    expect(note).toMatchObject({
      kind: "credit_note",
      subtotalCents: -2000,
      gstCents: -100,
      qstCents: -200,
      totalCents: -2300,
      balanceCents: -2300,
    });
    expect((await linesOf(note.id)).map((l) => [l.kind, l.amountCents, l.description])).toEqual([
      ["credit", -2000, "Crédit de suspension : Fibre Essai 100, du 10 novembre 2026 au 19 novembre 2026"],
    ]);
    expect(await reload(sub.id)).toMatchObject({ status: "active", radiusStatus: "enabled", suspendedSince: null });
    expect((await historyOf(sub.id)).map((h) => h.kind)).toEqual(["suspension", "resume"]);
    expect((await auditOf(sub.id)).map((a) => a.action)).toEqual(["subscription.suspend", "subscription.resume"]);
  });
});

describe("cancellation", () => {
  it("immediately: credits the rest of the period and adds the commitment payback, in the customer's language", async () => {
    const sub = await subscription({ campaignCode: "BIENVENUE-2026", campaignGiftCents: 6000, commitmentMonths: 3 });
    const change: SubscriptionChange = {
      action: "cancel",
      subscriptionId: sub.id,
      date: "2026-11-10",
      mode: "immediate",
    };
    const preview = await previewSubscriptionChange(db(), { change, locale: "en" }, { provider, today: "2026-11-10" });
    expect(preview.lines.map((l) => l.text)).toEqual([
      "Cancellation credit: Fiber Trial 100, November 10, 2026 to November 30, 2026",
      "Welcome gift payback: 2 of 3 months remaining",
    ]);

    const result = await apply(change, "2026-11-10");
    // −41.99 $ (21 of 30 days) + 40.00 $ (2 of 3 months of the 60 $ gift) = −1.99 $.
    const note = await invoiceById(result.invoice!.id);
    expect(note).toMatchObject({
      kind: "credit_note",
      subtotalCents: -199,
      gstCents: -10,
      qstCents: -20,
      totalCents: -229,
    });
    expect(preview).toMatchObject({
      documentKind: "credit-note",
      subtotalCents: -199,
      gstCents: -10,
      qstCents: -20,
      totalCents: -229,
    });
    expect((await linesOf(note.id)).map((l) => [l.kind, l.amountCents, l.description])).toEqual([
      ["credit", -4199, "Crédit d'annulation : Fibre Essai 100, du 10 novembre 2026 au 30 novembre 2026"],
      ["penalty", 4000, "Remboursement du cadeau de bienvenue : 2 mois restants sur 3"],
    ]);
    expect(await reload(sub.id)).toMatchObject({
      status: "cancelled",
      endDate: "2026-11-10",
      radiusStatus: "disabled",
    });
  });

  it("at period end: sets the end date and writes no invoice", async () => {
    const sub = await subscription();
    const result = await apply(
      { action: "cancel", subscriptionId: sub.id, date: "2026-11-10", mode: "period-end" },
      "2026-11-10",
    );
    expect(result.invoice).toBeNull();
    expect(await reload(sub.id)).toMatchObject({ status: "active", endDate: "2026-12-01", radiusStatus: "enabled" });
    expect(await historyOf(sub.id)).toEqual([
      expect.objectContaining({
        kind: "cancellation",
        effectiveDate: "2026-11-10",
        details: expect.objectContaining({ mode: "period-end", endDate: "2026-12-01" }),
      }),
    ]);
  });
});

describe("price settings", () => {
  it("records an override and a campaign discount from the next period, without an invoice", async () => {
    const sub = await subscription();
    const override = await apply(
      { action: "setPriceOverride", subscriptionId: sub.id, date: "2026-11-10", priceOverrideCents: 0 },
      "2026-11-10",
    );
    const discount = await apply(
      {
        action: "setCampaignDiscount",
        subscriptionId: sub.id,
        date: "2026-11-10",
        campaignCode: "ETE-2026",
        discountCents: 1000,
      },
      "2026-11-10",
    );
    expect([override.invoice, discount.invoice]).toEqual([null, null]);
    expect(await reload(sub.id)).toMatchObject({
      priceOverrideCents: 0,
      campaignCode: "ETE-2026",
      campaignDiscountCents: 1000,
    });
    expect((await historyOf(sub.id)).map((h) => [h.kind, h.effectiveDate])).toEqual([
      ["price_override", "2026-12-01"],
      ["campaign", "2026-12-01"],
    ]);
  });
});
