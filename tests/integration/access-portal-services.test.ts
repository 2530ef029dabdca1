import { randomUUID } from "node:crypto";
import { describe } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { dispatchJobs, items, serviceSubscriptions, subscriptionChangeRequests } from "@/server/db/schema";
import { shiftDate } from "@/lib/domain/quebec-dates";
import { describeAccessMatrix, type AccessFixtures } from "../support/access-matrix";

/** Two monthly internet plans on sale: a subscription on the first may move to the second. */
async function internetPlans(f: AccessFixtures): Promise<[number, number]> {
  const rows = await f.runtime.database.db
    .select({ id: items.id })
    .from(items)
    .where(and(eq(items.kind, "internet"), eq(items.billing, "recurring"), eq(items.active, true)))
    .orderBy(asc(items.priceCents), asc(items.id))
    .limit(2);
  return [rows[0]!.id, rows[1]!.id];
}

/** A fresh active subscription of the demo customer, so each admitted call has its own. */
async function freshSubscription(f: AccessFixtures): Promise<{ id: number; target: number }> {
  const [from, target] = await internetPlans(f);
  const [sub] = await f.runtime.database.db
    .insert(serviceSubscriptions)
    .values({
      customerId: f.demoCustomerId,
      locationId: f.demoLocationId,
      itemId: from,
      status: "active",
      startDate: shiftDate(f.today, -40),
      billingDay: 1,
    })
    .returning({ id: serviceSubscriptions.id });
  return { id: sub!.id, target };
}

/** A pending portal request of the demo customer, written as the portal would. */
async function pendingRequest(f: AccessFixtures): Promise<number> {
  const sub = await freshSubscription(f);
  const [row] = await f.runtime.database.db
    .insert(subscriptionChangeRequests)
    .values({
      customerId: f.demoCustomerId,
      subscriptionId: sub.id,
      action: "changePlan",
      itemId: sub.target,
      changeDate: f.today,
      requestKey: randomUUID(),
      preview: {},
      requestedBy: f.customerCtx.customer!.userId,
    })
    .returning({ id: subscriptionChangeRequests.id });
  return row!.id;
}

/** A visit of the demo customer tomorrow, not yet answered. */
async function plannedVisit(f: AccessFixtures): Promise<number> {
  const start = new Date(Date.now() + 24 * 3_600_000);
  const [job] = await f.runtime.database.db
    .insert(dispatchJobs)
    .values({
      kind: "repair",
      title: "access matrix visit",
      status: "unassigned",
      customerId: f.demoCustomerId,
      locationId: f.demoLocationId,
      windowStart: start,
      windowEnd: new Date(start.getTime() + 4 * 3_600_000),
    })
    .returning({ id: dispatchJobs.id });
  return job!.id;
}

describe("portal plans, visits and documents", () => {
  describeAccessMatrix([
    { name: "portalPlans.overview", allowed: ["customer"], call: (c) => c.portalPlans.overview() },
    {
      name: "portalPlans.preview",
      allowed: ["customer"],
      call: async (c, f) => {
        const sub = await freshSubscription(f);
        return c.portalPlans.preview({
          change: { action: "changePlan", subscriptionId: sub.id, itemId: sub.target, date: f.today },
        });
      },
    },
    {
      name: "portalPlans.request",
      allowed: ["customer"],
      call: async (c, f) => {
        const sub = await freshSubscription(f);
        return c.portalPlans.request({
          change: { action: "changePlan", subscriptionId: sub.id, itemId: sub.target, date: f.today },
          requestKey: randomUUID(),
        });
      },
    },
    { name: "portalVisits.list", allowed: ["customer"], call: (c) => c.portalVisits.list() },
    {
      name: "portalVisits.get",
      allowed: ["customer"],
      call: async (c, f) => c.portalVisits.get({ jobId: await plannedVisit(f) }),
    },
    {
      name: "portalVisits.tracking",
      allowed: ["customer"],
      call: async (c, f) => c.portalVisits.tracking({ jobId: await plannedVisit(f) }),
    },
    {
      name: "portalVisits.confirm",
      allowed: ["customer"],
      call: async (c, f) => c.portalVisits.confirm({ jobId: await plannedVisit(f) }),
    },
    {
      name: "portalVisits.requestReschedule",
      allowed: ["customer"],
      call: async (c, f) =>
        c.portalVisits.requestReschedule({ jobId: await plannedVisit(f), message: "Un autre jour, svp" }),
    },
    { name: "portalDocuments.list", allowed: ["customer"], call: (c) => c.portalDocuments.list() },
    {
      name: "subscriptions.changeRequests",
      allowed: ["admin", "billing", "support"],
      call: (c) => c.subscriptions.changeRequests({ status: "pending" }),
    },
    {
      name: "subscriptions.decideChangeRequest",
      allowed: ["admin", "billing"],
      call: async (c, f) =>
        c.subscriptions.decideChangeRequest({ requestId: await pendingRequest(f), decision: "approve" }),
    },
  ]);
});
