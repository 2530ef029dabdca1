import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import {
  auditLog,
  items,
  portalUsers,
  serviceLocations,
  serviceSubscriptions,
  subscriptionChangeRequests,
  subscriptionChanges,
} from "@/server/db/schema";
import { ServiceError } from "@/server/services/errors";
import { commitmentPayback, nextPeriodStart } from "@/lib/domain/billing";
import { localDate, shiftDate } from "@/lib/domain/quebec-dates";
import { trpcFailure } from "../support/trpc-errors";
import { callerAs, createSeededRuntime, type TestRuntime } from "../support/test-runtime";

type Caller = Awaited<ReturnType<typeof callerAs>>["caller"];
let runtime: TestRuntime;
let julie: Caller;
let emily: Caller;
let billing: Caller;
let julieId: number;
let julieUserId: string;
let emilyId: number;
let plans: { fibre100: number; fibre500: number; retired: number; tv: number };
const db = () => runtime.database.db;
const today = localDate(new Date());

beforeAll(async () => {
  runtime = await createSeededRuntime();
  ({ caller: julie } = await callerAs(runtime, "customer", "customer@demo.test"));
  ({ caller: emily } = await callerAs(runtime, "customer", "customer2@demo.test"));
  ({ caller: billing } = await callerAs(runtime, "staff", "billing@demo.test"));
  const users = await db().select().from(portalUsers);
  const julieUser = users.find((u) => u.email === "customer@demo.test")!;
  [julieId, julieUserId] = [julieUser.customerId, julieUser.id];
  emilyId = users.find((u) => u.email === "customer2@demo.test")!.customerId;
  const rows = await db()
    .insert(items)
    .values([
      {
        sku: "PPC-100",
        nameFr: "Fibre Portail 100",
        nameEn: "Portal Fiber 100",
        kind: "internet",
        billing: "recurring",
        priceCents: 5999,
      },
      {
        sku: "PPC-500",
        nameFr: "Fibre Portail 500",
        nameEn: "Portal Fiber 500",
        kind: "internet",
        billing: "recurring",
        priceCents: 8999,
      },
      {
        sku: "PPC-OLD",
        nameFr: "Fibre Retirée",
        nameEn: "Retired Fiber",
        kind: "internet",
        billing: "recurring",
        priceCents: 3999,
        active: false,
      },
      {
        sku: "PPC-TV",
        nameFr: "Télé Portail",
        nameEn: "Portal TV",
        kind: "tv",
        billing: "recurring",
        priceCents: 2999,
      },
    ])
    .returning({ id: items.id });
  plans = { fibre100: rows[0]!.id, fibre500: rows[1]!.id, retired: rows[2]!.id, tv: rows[3]!.id };
});
afterAll(() => runtime?.close());

/** An active subscription of the customer, started 40 days ago, billed on the 1st. */
async function subscriptionOf(customerId: number, values: Partial<typeof serviceSubscriptions.$inferInsert> = {}) {
  const [location] = await db()
    .select({ id: serviceLocations.id })
    .from(serviceLocations)
    .where(eq(serviceLocations.customerId, customerId))
    .limit(1);
  const [row] = await db()
    .insert(serviceSubscriptions)
    .values({
      customerId,
      locationId: location!.id,
      itemId: plans.fibre500,
      status: "active",
      startDate: shiftDate(today, -40),
      billingDay: 1,
      ...values,
    })
    .returning();
  return row!;
}

const keyOf = (failure: { cause?: unknown }) => (failure.cause instanceof ServiceError ? failure.cause.key : null);
const requestsOf = async (subscriptionId: number) =>
  db().select().from(subscriptionChangeRequests).where(eq(subscriptionChangeRequests.subscriptionId, subscriptionId));

describe("portalPlans.overview", () => {
  it("offers the monthly plans still sold of the same kind, and the two dates", async () => {
    const sub = await subscriptionOf(julieId);
    const overview = await julie.portalPlans.overview();
    const mine = overview.subscriptions.find((s) => s.id === sub.id)!;
    const offered = mine.choices.map((p) => p.id);
    expect(offered).toContain(plans.fibre100);
    expect(offered).not.toContain(plans.fibre500); // the current plan
    expect(offered).not.toContain(plans.retired);
    expect(offered).not.toContain(plans.tv);
    expect(mine.dates).toEqual({ today, nextPeriod: nextPeriodStart(today, 1) });
    expect(mine.canChangePlan).toBe(true);
    // The other customer's subscriptions never appear.
    const emilys = await subscriptionOf(emilyId);
    expect((await julie.portalPlans.overview()).subscriptions.map((s) => s.id)).not.toContain(emilys.id);
  });
});

describe("portalPlans.preview", () => {
  it("shows exactly the office's preview of the same change (lines, GST, QST, total, effective date)", async () => {
    const sub = await subscriptionOf(julieId);
    const change = { action: "changePlan" as const, subscriptionId: sub.id, itemId: plans.fibre100, date: today };
    const portal = await julie.portalPlans.preview({ change, locale: "fr" });
    const office = await billing.subscriptions.preview({ change, locale: "fr" });
    const { commitment, ...rest } = portal;
    expect(rest).toEqual(office);
    expect(commitment).toBeNull(); // no commitment on this one
  });

  it("shows what a downgrade inside a commitment would pay back, by the cancellation's payback rule", async () => {
    const startDate = shiftDate(today, -40);
    const sub = await subscriptionOf(julieId, {
      campaignCode: "BIENVENUE60",
      campaignGiftCents: 6000,
      commitmentMonths: 12,
      startDate,
    });
    const down = await julie.portalPlans.preview({
      change: { action: "changePlan", subscriptionId: sub.id, itemId: plans.fibre100, date: today },
    });
    const expected = commitmentPayback(
      { campaign: "BIENVENUE60", giftCents: 6000, commitmentMonths: 12, startDate },
      today,
    )!;
    expect(down.commitment).toMatchObject({ paybackCents: expected.amountCents });
    expect(down.commitment!.remainingMonths).toBeGreaterThanOrEqual(10);
    // A cancellation shows the payback as a line of its preview, and the same notice.
    const cancel = await julie.portalPlans.preview({ change: { action: "cancel", subscriptionId: sub.id } });
    const penalty = cancel.lines.find((l) => l.kind === "penalty");
    expect(penalty).toBeDefined();
    expect(cancel.commitment?.paybackCents).toBe(penalty!.amountCents);
  });

  it("refuses a retired plan, another kind of service, a past date, another customer's subscription, with a sentence", async () => {
    const sub = await subscriptionOf(julieId);
    const emilys = await subscriptionOf(emilyId);
    const change = (over: object) => ({
      change: { action: "changePlan" as const, subscriptionId: sub.id, itemId: plans.fibre100, date: today, ...over },
    });
    for (const itemId of [plans.retired, plans.tv]) {
      const failure = await trpcFailure(julie.portalPlans.preview(change({ itemId })));
      expect([failure.code, keyOf(failure)]).toEqual(["BAD_REQUEST", "errors.portalPlans.planUnavailable"]);
    }
    const past = await trpcFailure(julie.portalPlans.preview(change({ date: shiftDate(today, -1) })));
    expect([past.code, keyOf(past)]).toEqual(["BAD_REQUEST", "errors.portalPlans.pastDate"]);
    const foreign = await trpcFailure(julie.portalPlans.preview(change({ subscriptionId: emilys.id })));
    expect(foreign.code).toBe("NOT_FOUND");
    const stranger = await trpcFailure(
      julie.portalPlans.request({
        change: { action: "cancel", subscriptionId: emilys.id },
        requestKey: randomUUID(),
      }),
    );
    expect(stranger.code).toBe("NOT_FOUND");
    const retired = await trpcFailure(
      julie.portalPlans.request({ ...change({ itemId: plans.retired }), requestKey: randomUUID() }),
    );
    expect(retired.code).toBe("BAD_REQUEST");
    expect(await requestsOf(sub.id)).toEqual([]);
    expect(await requestsOf(emilys.id)).toEqual([]);
  });
});

describe("portalPlans.request and the office's decision", () => {
  it("records one request for a double submission, audited with the customer as actor", async () => {
    const sub = await subscriptionOf(julieId);
    const requestKey = randomUUID();
    const input = {
      change: { action: "changePlan" as const, subscriptionId: sub.id, itemId: plans.fibre100, date: today },
      requestKey,
    };
    const results = await Promise.all([julie.portalPlans.request(input), julie.portalPlans.request(input)]);
    expect(results.map((r) => r.replayed).sort()).toEqual([false, true]);
    expect(results[0].request.id).toBe(results[1].request.id);
    const rows = await requestsOf(sub.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: "pending",
      itemId: plans.fibre100,
      changeDate: today,
      requestedBy: julieUserId,
    });
    const audits = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "subscription"), eq(auditLog.entityId, String(sub.id))));
    expect(audits).toEqual([
      expect.objectContaining({
        actorRealm: "customer",
        actorId: julieUserId,
        action: "subscription.request.changePlan",
      }),
    ]);
    // Nothing is applied before staff approve it.
    expect((await db().select().from(serviceSubscriptions).where(eq(serviceSubscriptions.id, sub.id)))[0]!.itemId).toBe(
      plans.fibre500,
    );
    // Another request on the same subscription waits for the answer to the first.
    const second = await trpcFailure(
      julie.portalPlans.request({ change: { action: "cancel", subscriptionId: sub.id }, requestKey: randomUUID() }),
    );
    expect([second.code, keyOf(second)]).toEqual(["CONFLICT", "errors.portalPlans.pendingRequest"]);
    const overview = await julie.portalPlans.overview();
    expect(overview.subscriptions.find((s) => s.id === sub.id)!.pendingRequest?.id).toBe(rows[0]!.id);
  });

  it("applies an approved request once, through the office's change, even when approved twice at once", async () => {
    const sub = await subscriptionOf(julieId);
    const { request } = await julie.portalPlans.request({
      change: { action: "changePlan", subscriptionId: sub.id, itemId: plans.fibre100, date: today },
      requestKey: randomUUID(),
    });
    const listed = await billing.subscriptions.changeRequests({ status: "pending" });
    expect(listed.map((r) => r.id)).toContain(request.id);
    const decisions = await Promise.all([
      billing.subscriptions.decideChangeRequest({ requestId: request.id, decision: "approve" }),
      billing.subscriptions.decideChangeRequest({ requestId: request.id, decision: "approve" }),
    ]);
    expect(decisions.map((d) => d.replayed).sort()).toEqual([false, true]);
    const changes = await db().select().from(subscriptionChanges).where(eq(subscriptionChanges.subscriptionId, sub.id));
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: "plan_change", effectiveDate: today });
    const [after] = await db().select().from(serviceSubscriptions).where(eq(serviceSubscriptions.id, sub.id));
    expect(after!.itemId).toBe(plans.fibre100);
    const [row] = await requestsOf(sub.id);
    expect(row).toMatchObject({ status: "approved", changeId: changes[0]!.id });
    // A refusal after the approval is a conflict, and changes nothing.
    const late = await trpcFailure(
      billing.subscriptions.decideChangeRequest({ requestId: request.id, decision: "refuse", reason: "trop tard" }),
    );
    expect(late.code).toBe("CONFLICT");
    expect((await requestsOf(sub.id))[0]!.status).toBe("approved");
  });

  it("refuses with the reason the customer then reads, and leaves the subscription alone", async () => {
    const sub = await subscriptionOf(julieId);
    const { request } = await julie.portalPlans.request({
      change: { action: "cancel", subscriptionId: sub.id },
      requestKey: randomUUID(),
    });
    await billing.subscriptions.decideChangeRequest({
      requestId: request.id,
      decision: "refuse",
      reason: "Appelez-nous pour en parler",
    });
    const [after] = await db().select().from(serviceSubscriptions).where(eq(serviceSubscriptions.id, sub.id));
    expect(after).toMatchObject({ status: "active", endDate: null });
    const mine = (await julie.portalPlans.overview()).subscriptions.find((s) => s.id === sub.id)!;
    expect(mine.pendingRequest).toBeNull();
    expect(mine.requests[0]).toMatchObject({ status: "refused", refusalReason: "Appelez-nous pour en parler" });
    expect(await db().$count(subscriptionChanges, eq(subscriptionChanges.subscriptionId, sub.id))).toBe(0);
  });

  it("keeps one customer's request keys apart from the other's", async () => {
    const requestKey = randomUUID();
    const mine = await subscriptionOf(julieId);
    const theirs = await subscriptionOf(emilyId);
    const a = await julie.portalPlans.request({ change: { action: "cancel", subscriptionId: mine.id }, requestKey });
    const b = await emily.portalPlans.request({ change: { action: "cancel", subscriptionId: theirs.id }, requestKey });
    expect(a.request.id).not.toBe(b.request.id);
    expect(b.replayed).toBe(false);
    expect(
      await db().$count(subscriptionChangeRequests, sql`${subscriptionChangeRequests.requestKey} = ${requestKey}`),
    ).toBe(2);
  });
});
