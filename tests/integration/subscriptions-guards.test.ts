import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { localDate } from "@/lib/domain/quebec-dates";
import { rowsOf } from "@/server/db/client";
import { items, portalUsers, serviceLocations, serviceSubscriptions } from "@/server/db/schema";
import type { Actor } from "@/server/services/actor";
import { RuleViolationError } from "@/server/services/errors";
import { applySubscriptionChange } from "@/server/services/subscriptions/apply-change";
import type { SubscriptionChange } from "@/lib/schemas/subscriptions";
import { callerAs, createSeededRuntime, type TestRuntime } from "../support/test-runtime";

let runtime: TestRuntime;
let billing: Awaited<ReturnType<typeof callerAs>>["caller"];
const db = () => runtime.database.db;
const clerk: Actor = { realm: "staff", userId: "test-clerk", role: "billing", name: "Test clerk" };
const provider = { gstNumber: "123456789 RT0001", qstNumber: "1234567890 TQ0001" };
let customerId: number;
let locationId: number;
let planA: number;
let planB: number;

beforeAll(async () => {
  runtime = await createSeededRuntime();
  ({ caller: billing } = await callerAs(runtime, "staff", "billing@demo.test"));
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
        sku: "TEST-GRD-A",
        nameFr: "Forfait A",
        nameEn: "Plan A",
        kind: "internet",
        billing: "recurring",
        priceCents: 6000,
      },
      {
        sku: "TEST-GRD-B",
        nameFr: "Forfait B",
        nameEn: "Plan B",
        kind: "internet",
        billing: "recurring",
        priceCents: 9000,
      },
    ])
    .returning({ id: items.id });
  [planA, planB] = [plans[0]!.id, plans[1]!.id];
});
afterAll(() => runtime?.close());

async function subscription(values: Partial<typeof serviceSubscriptions.$inferInsert> = {}) {
  const [row] = await db()
    .insert(serviceSubscriptions)
    .values({
      customerId,
      locationId,
      itemId: planA,
      status: "active",
      startDate: "2026-10-01",
      billingDay: 1,
      ...values,
    })
    .returning();
  return row!;
}

/** Everything a change may write, so a refused or previewed change can be shown to write nothing. */
async function snapshot(subscriptionId: number) {
  const [counts] = await rowsOf<Record<string, number>>(
    db(),
    sql`select
    (select count(*)::int from invoices) as invoices, (select count(*)::int from invoice_lines) as lines,
    (select count(*)::int from subscription_changes) as changes, (select count(*)::int from audit_log) as audits,
    (select last_value::int from invoice_number_seq) as sequence`,
  );
  const [sub] = await db().select().from(serviceSubscriptions).where(eq(serviceSubscriptions.id, subscriptionId));
  return { counts, sub };
}

async function errorOf(work: Promise<unknown>): Promise<Error> {
  try {
    await work;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail");
}

const applyAt = (change: SubscriptionChange, today: string, requestId = randomUUID()) =>
  applySubscriptionChange(db(), { change, requestId }, { provider, actor: clerk, today });

describe("refused changes write nothing", () => {
  it.each<[string, Partial<typeof serviceSubscriptions.$inferInsert>, (id: number) => SubscriptionChange, RegExp]>([
    [
      "a date before the activation",
      {},
      (id) => ({ action: "suspend", subscriptionId: id, date: "2026-09-30" }),
      /before the activation date 2026-10-01/,
    ],
    [
      "a negative price override",
      {},
      (id) => ({ action: "setPriceOverride", subscriptionId: id, date: "2026-11-10", priceOverrideCents: -500 }),
      /price override must be 0 or more.*got -500/,
    ],
    [
      "a negative campaign discount",
      {},
      (id) => ({
        action: "setCampaignDiscount",
        subscriptionId: id,
        date: "2026-11-10",
        campaignCode: "X",
        discountCents: -1,
      }),
      /campaign discount must be 0 or more/,
    ],
    [
      "a discount without its campaign code",
      {},
      (id) => ({
        action: "setCampaignDiscount",
        subscriptionId: id,
        date: "2026-11-10",
        campaignCode: " ",
        discountCents: 500,
      }),
      /needs its campaign code/,
    ],
    [
      "the resume of an active subscription",
      {},
      (id) => ({ action: "resume", subscriptionId: id, date: "2026-11-10" }),
      /Cannot resume a subscription that is active/,
    ],
    [
      "a plan change before activation",
      { status: "pending" },
      (id) => ({ action: "changePlan", subscriptionId: id, date: "2026-11-10", itemId: planB }),
      /pending subscription: activate it first/,
    ],
    [
      "a plan change to the same plan",
      {},
      (id) => ({ action: "changePlan", subscriptionId: id, date: "2026-11-10", itemId: planA }),
      /already on Forfait A/,
    ],
    [
      "the activation of an active subscription",
      {},
      (id) => ({ action: "activate", subscriptionId: id, date: "2026-11-10" }),
      /only a pending subscription can be activated/,
    ],
    [
      "an immediate cancellation while suspended",
      { status: "suspended", suspendedSince: "2026-11-01" },
      (id) => ({ action: "cancel", subscriptionId: id, date: "2026-11-10", mode: "immediate" }),
      /Resume the subscription before cancelling it immediately/,
    ],
  ])("%s", async (_, values, change, message) => {
    const sub = await subscription(values);
    const before = await snapshot(sub.id);
    const error = await errorOf(applyAt(change(sub.id), "2026-11-10"));
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.message).toMatch(message);
    expect(await snapshot(sub.id)).toEqual(before);
  });

  it("refuses a change dated before the last one", async () => {
    const sub = await subscription();
    await applyAt({ action: "suspend", subscriptionId: sub.id, date: "2026-11-10" }, "2026-11-10");
    await applyAt({ action: "resume", subscriptionId: sub.id, date: "2026-11-12" }, "2026-11-12");
    const before = await snapshot(sub.id);
    const error = await errorOf(
      applyAt({ action: "changePlan", subscriptionId: sub.id, date: "2026-11-11", itemId: planB }, "2026-11-12"),
    );
    expect(error.message).toMatch(/before the last change \(2026-11-12\)/);
    expect(await snapshot(sub.id)).toEqual(before);
  });

  it("reaches the caller as BAD_REQUEST with the same message", async () => {
    const sub = await subscription();
    const error = await errorOf(
      billing.subscriptions.applyChange({
        requestId: randomUUID(),
        change: {
          action: "setPriceOverride",
          subscriptionId: sub.id,
          date: localDate(new Date()),
          priceOverrideCents: -1,
        },
      }),
    );
    expect(error).toBeInstanceOf(TRPCError);
    expect(error).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/price override must be 0 or more/),
    });
  });
});

describe("preview", () => {
  it("writes nothing and shows what apply then writes", async () => {
    const sub = await subscription();
    const change: SubscriptionChange = {
      action: "changePlan",
      subscriptionId: sub.id,
      date: localDate(new Date()),
      itemId: planB,
    };
    const before = await snapshot(sub.id);
    const preview = await billing.subscriptions.preview({ change, locale: "fr" });
    expect(await snapshot(sub.id)).toEqual(before);
    const applied = await billing.subscriptions.applyChange({ change, requestId: randomUUID() });
    expect(applied.invoice?.totalCents ?? 0).toBe(preview.totalCents);
    const detail = await billing.subscriptions.get({ subscriptionId: sub.id });
    expect(detail.lines.map((l) => l.amountCents).sort()).toEqual(preview.lines.map((l) => l.amountCents).sort());
  });
});

describe("double submission", () => {
  it("applies a request id once, sequentially and concurrently", async () => {
    const sub = await subscription();
    const requestId = randomUUID();
    const change: SubscriptionChange = {
      action: "setPriceOverride",
      subscriptionId: sub.id,
      date: localDate(new Date()),
      priceOverrideCents: 4500,
    };
    const first = await billing.subscriptions.applyChange({ change, requestId });
    const again = await billing.subscriptions.applyChange({ change, requestId });
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ ...first, replayed: true });

    const cancel: SubscriptionChange = {
      action: "cancel",
      subscriptionId: sub.id,
      date: "2026-11-10",
      mode: "immediate",
    };
    const cancelId = randomUUID();
    const before = await snapshot(sub.id);
    const [a, b] = await Promise.all([
      applyAt(cancel, "2026-11-10", cancelId),
      applyAt(cancel, "2026-11-10", cancelId),
    ]);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(a.invoice?.id).toBe(b.invoice?.id);
    const after = await snapshot(sub.id);
    expect(after.counts).toMatchObject({
      invoices: before.counts!.invoices! + 1,
      changes: before.counts!.changes! + 1,
      audits: before.counts!.audits! + 1,
    });
    const history = await billing.subscriptions.get({ subscriptionId: sub.id });
    expect(history.history.map((h) => h.kind)).toEqual(["cancellation", "price_override"]);
  });
});

describe("list and detail", () => {
  it("filters by customer, status, plan and billing day, by keyset pages", async () => {
    const subs = [
      await subscription({ billingDay: 17, status: "suspended", suspendedSince: "2026-11-01" }),
      await subscription({ billingDay: 17, status: "suspended", suspendedSince: "2026-11-02" }),
      await subscription({ billingDay: 17, itemId: planB }),
    ];
    const first = await billing.subscriptions.list({
      customerId,
      billingDay: 17,
      status: "suspended",
      itemId: planA,
      limit: 1,
    });
    expect(first.items.map((s) => s.id)).toEqual([subs[1]!.id]);
    const second = await billing.subscriptions.list({
      customerId,
      billingDay: 17,
      status: "suspended",
      itemId: planA,
      limit: 1,
      afterId: first.nextAfterId!,
    });
    expect(second.items.map((s) => s.id)).toEqual([subs[0]!.id]);
    expect(second.nextAfterId).toBeNull();
    const byPlan = await billing.subscriptions.list({ itemId: planB, billingDay: 17 });
    expect(byPlan.items).toEqual([
      expect.objectContaining({
        id: subs[2]!.id,
        rateCents: 9000,
        customerName: expect.any(String),
        planFr: "Forfait B",
      }),
    ]);
    expect((await billing.subscriptions.list({ itemId: planB, billingDay: 17, status: "cancelled" })).items).toEqual(
      [],
    );
  });

  it("shows the subscription with its customer, location and RADIUS state, never the RADIUS password", async () => {
    const sub = await subscription({
      radiusUsername: `test-radius-${randomUUID()}`,
      radiusPasswordEncrypted: "v1:secret-ciphertext",
    });
    const detail = await billing.subscriptions.get({ subscriptionId: sub.id });
    expect(detail).toMatchObject({
      id: sub.id,
      radiusUsername: sub.radiusUsername,
      radiusStatus: "enabled",
      customer: { id: customerId },
      location: { id: locationId },
      plan: { id: planA },
    });
    expect(JSON.stringify(detail)).not.toContain("secret-ciphertext");
    expect(detail).not.toHaveProperty("radiusPasswordEncrypted");
    await expect(billing.subscriptions.get({ subscriptionId: 999_999_999 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
