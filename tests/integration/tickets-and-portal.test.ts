import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq, inArray, isNotNull, ne } from "drizzle-orm";
import { customers, dispatchJobs, serviceLocations, ticketMessages, tickets } from "@/server/db/schema";
import { callerAs, createSeededRuntime, type TestRuntime } from "../support/test-runtime";

let runtime: TestRuntime;
let support: Awaited<ReturnType<typeof callerAs>>["caller"];
beforeAll(async () => {
  runtime = await createSeededRuntime();
  ({ caller: support } = await callerAs(runtime, "staff", "support@demo.test"));
});
afterAll(() => runtime?.close());

describe("ticket list", () => {
  it("pages through every open or waiting ticket exactly once, newest first", async () => {
    const db = runtime.database.db;
    const [expected] = await db
      .select({ n: count() })
      .from(tickets)
      .where(inArray(tickets.status, ["open", "waiting"]));
    const seen: number[] = [];
    let cursor: { createdAt: string; id: number } | undefined;
    let previous = Infinity;
    for (let page = 0; page < 1000; page++) {
      const result = await support.tickets.list({ status: ["open", "waiting"], limit: 40, cursor });
      for (const item of result.items) {
        expect(["open", "waiting"]).toContain(item.status);
        expect(item.createdAt.getTime()).toBeLessThanOrEqual(previous);
        previous = item.createdAt.getTime();
        seen.push(item.id);
      }
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(expected!.n);
    expect(seen.length).toBeGreaterThan(0);
  });

  it("filters by type, importance, customer and assignment", async () => {
    const [someTicket] = await runtime.database.db
      .select()
      .from(tickets)
      .where(and(eq(tickets.important, true), ne(tickets.type, "other"), isNotNull(tickets.customerId)))
      .limit(1);
    const result = await support.tickets.list({
      type: [someTicket!.type],
      important: true,
      customerId: someTicket!.customerId!,
      limit: 100,
    });
    expect(result.items.map((t) => t.id)).toContain(someTicket!.id);
    expect(
      result.items.every((t) => t.type === someTicket!.type && t.important && t.customerId === someTicket!.customerId),
    ).toBe(true);

    for (const item of result.items) {
      const messages = await runtime.database.db
        .select()
        .from(ticketMessages)
        .where(eq(ticketMessages.ticketId, item.id));
      expect(item.messageCount).toBe(messages.length);
    }

    const unassigned = await support.tickets.list({ assignedTo: "unassigned", limit: 50 });
    expect(unassigned.items.every((t) => t.assignedToId === null)).toBe(true);
  });

  it("rejects a date range that ends before it starts", async () => {
    await expect(support.tickets.list({ createdFrom: "2026-05-01", createdTo: "2026-04-01" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("rejects unknown statuses", async () => {
    await expect(support.tickets.list({ status: ["lost" as never] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("portal account (record scoping)", () => {
  it("shows customers their own account only, without staff-only fields", async () => {
    const { caller, ctx } = await callerAs(runtime, "customer", "customer2@demo.test");
    const account = await caller.portal.account();
    expect(account.customer.id).toBe(ctx.customer!.customerId);
    const [own] = await runtime.database.db.select().from(customers).where(eq(customers.id, ctx.customer!.customerId));
    expect(own!.email).toBe("customer2@demo.test");
    const json = JSON.stringify(account);
    for (const hidden of ["radius", "stripeCustomerId", "notes", "oltName", "vlan", "managementIp"])
      expect(json).not.toContain(hidden);
  });
});

describe("creating a dispatch job", () => {
  it.each([
    ["an unknown location", { locationId: 987_654_321 }, "NOT_FOUND"],
    ["a window that ends before it starts", { windowEnd: "2026-12-01T12:00:00Z" }, "BAD_REQUEST"],
    ["a duration off the 15-minute grid", { durationMin: 50 }, "BAD_REQUEST"],
    ["an unknown skill", { skills: ["juggling"] }, "BAD_REQUEST"],
  ])("refuses %s and writes nothing", async (_label, override, code) => {
    const { caller } = await callerAs(runtime, "staff", "dispatcher@demo.test");
    const [location] = await runtime.database.db.select().from(serviceLocations).limit(1);
    const before = (await runtime.database.db.select({ n: count() }).from(dispatchJobs))[0]!.n;
    await expect(
      caller.dispatch.createJob({
        locationId: location!.id,
        kind: "repair",
        title: "Bad input",
        durationMin: 60,
        windowStart: "2026-12-01T13:00:00Z",
        windowEnd: "2026-12-01T17:00:00Z",
        ...override,
      }),
    ).rejects.toMatchObject({ code });
    expect((await runtime.database.db.select({ n: count() }).from(dispatchJobs))[0]!.n).toBe(before);
  });
});
