import { randomUUID } from "node:crypto";
import { describe } from "vitest";
import { eq } from "drizzle-orm";
import { serviceSubscriptions } from "@/server/db/schema";
import { describeAccessMatrix, type AccessFixtures } from "../support/access-matrix";

async function demoSubscriptionId(f: AccessFixtures): Promise<number> {
  const [sub] = await f.runtime.database.db
    .select({ id: serviceSubscriptions.id })
    .from(serviceSubscriptions)
    .where(eq(serviceSubscriptions.customerId, f.demoCustomerId))
    .limit(1);
  return sub!.id;
}

describe("subscriptions procedures", () => {
  describeAccessMatrix([
    {
      name: "subscriptions.list",
      allowed: ["admin", "billing", "support"],
      call: (c) => c.subscriptions.list({ limit: 5 }),
    },
    {
      name: "subscriptions.get",
      allowed: ["admin", "billing", "support"],
      call: async (c, f) => c.subscriptions.get({ subscriptionId: await demoSubscriptionId(f) }),
    },
    {
      name: "subscriptions.preview",
      allowed: ["admin", "billing", "support"],
      call: async (c, f) =>
        c.subscriptions.preview({
          locale: "fr",
          change: {
            action: "setPriceOverride",
            subscriptionId: await demoSubscriptionId(f),
            date: f.today,
            priceOverrideCents: 1234,
          },
        }),
    },
    {
      // Each allowed call sets a new amount, so none is refused as "nothing to change".
      name: "subscriptions.applyChange",
      allowed: ["admin", "billing"],
      call: async (c, f) =>
        c.subscriptions.applyChange({
          requestId: randomUUID(),
          change: {
            action: "setPriceOverride",
            subscriptionId: await demoSubscriptionId(f),
            date: f.today,
            priceOverrideCents: 1000 + Math.floor(Math.random() * 1_000_000),
          },
        }),
    },
    {
      name: "subscriptions.revenueByPlan",
      allowed: ["admin", "billing", "support"],
      call: (c) => c.subscriptions.revenueByPlan(),
    },
  ]);
});
