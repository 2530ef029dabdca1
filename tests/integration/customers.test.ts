import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { auditLog, customers, paymentAllocations, serviceLocations, ticketMessages } from "@/server/db/schema";
import { callerAs, createSeededRuntime, type TestRuntime } from "../support/test-runtime";
import { trpcFailure } from "../support/trpc-errors";

let runtime: TestRuntime;
let billing: Awaited<ReturnType<typeof callerAs>>["caller"];
let demo: typeof customers.$inferSelect;
let demoAddress: typeof serviceLocations.$inferSelect;

beforeAll(async () => {
  runtime = await createSeededRuntime();
  ({ caller: billing } = await callerAs(runtime, "staff", "billing@demo.test"));
  const db = runtime.database.db;
  [demo] = (await db.select().from(customers).where(eq(customers.email, "customer@demo.test"))) as [typeof demo];
  [demoAddress] = (await db
    .select()
    .from(serviceLocations)
    .where(eq(serviceLocations.customerId, demo.id))
    .orderBy(serviceLocations.id)
    .limit(1)) as [typeof demoAddress];
});
afterAll(() => runtime?.close());

describe("customer search", () => {
  it("finds the demo customer by each field", async () => {
    const lastName = demo.lastName ?? demo.displayName.split(" ").at(-1)!;
    const phoneTail = demo.phoneDigits!.slice(-7);
    const cases: Array<[string, "any" | "name" | "phone" | "email" | "address" | "legacyId", string]> = [
      ["name", "name", lastName],
      ["phone, formatted", "any", `${phoneTail.slice(0, 3)}-${phoneTail.slice(3)}`],
      ["email", "any", "customer@demo"],
      ["address", "address", demoAddress.address],
      ["postal code", "any", demoAddress.postalCode],
      ["legacy account id", "any", demo.legacyAccountId],
      ["legacy customer id, lower case", "legacyId", demo.legacyCustomerId.toLowerCase()],
    ];
    for (const [label, field, q] of cases) {
      const hits = await billing.customers.search({ q, field, limit: 50 });
      expect(
        hits.map((h) => h.id),
        `search by ${label} (${q})`,
      ).toContain(demo.id);
    }
  });

  it("says which field matched and returns display fields", async () => {
    const [hit] = await billing.customers.search({ q: demo.legacyAccountId, field: "any", limit: 5 });
    expect(hit).toMatchObject({
      id: demo.id,
      matchedOn: "legacyId",
      displayName: demo.displayName,
      firstAddress: expect.stringContaining(demoAddress.city),
    });
  });

  it("ignores accents in names and addresses, both ways", async () => {
    const plain = (text: string) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    const [accented] = await runtime.database.db
      .select()
      .from(customers)
      .where(sql`${customers.lastName} ~ '[éèêëàâîïôûùüçÉÈÊÀÂÎÔÛÇ]'`)
      .limit(1);
    expect(accented, "the demo seed has accented names").toBeDefined();
    const byPlainName = await billing.customers.search({ q: plain(accented!.displayName), field: "name", limit: 50 });
    expect(byPlainName.map((h) => h.id)).toContain(accented!.id);
    const byAccentedName = await billing.customers.search({ q: accented!.displayName, field: "name", limit: 50 });
    expect(byAccentedName.map((h) => h.id)).toContain(accented!.id);

    const [location] = await runtime.database.db
      .select()
      .from(serviceLocations)
      .where(sql`${serviceLocations.address} ~ '[éèêàâîôûç]'`)
      .limit(1);
    expect(location, "the demo seed has accented street names").toBeDefined();
    const byPlainAddress = await billing.customers.search({ q: plain(location!.address), field: "address", limit: 50 });
    expect(byPlainAddress.map((h) => h.id)).toContain(location!.customerId);
  });

  it("returns nothing, not everything, for a query that matches no one", async () => {
    expect(await billing.customers.search({ q: "zzqx-no-such-customer", field: "any", limit: 25 })).toEqual([]);
  });

  it("treats LIKE wildcards literally", async () => {
    expect(await billing.customers.search({ q: "%%", field: "name", limit: 25 })).toEqual([]);
  });

  it.each([
    ["too short", { q: "a" }],
    ["only spaces", { q: "    " }],
    ["too long", { q: "x".repeat(101) }],
    ["unknown field", { q: "Tremblay", field: "ssn" }],
    ["limit too high", { q: "Tremblay", limit: 1000 }],
  ])("rejects malformed input (%s) with a clear message", async (_label, input) => {
    const error = await trpcFailure(billing.customers.search(input as never));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message.length).toBeGreaterThan(10);
  });
});

describe("customer 360", () => {
  it("gathers locations, subscriptions, equipment, invoices, payments and tickets", async () => {
    const view = await billing.customers.get360({ customerId: demo.id });
    expect(view.customer.id).toBe(demo.id);
    expect(view.locations.length).toBeGreaterThanOrEqual(2);
    expect(view.subscriptions.length).toBeGreaterThan(0);
    expect(view.subscriptions.every((s) => view.locations.some((l) => l.id === s.locationId))).toBe(true);
    expect(view.equipment.length).toBeGreaterThan(0);
    expect(view.invoices.recent.length).toBeGreaterThan(0);
    expect(view.invoices.balanceCents).toBeGreaterThan(0);
    expect(view.payments.recent.length).toBeGreaterThan(0);
    expect(view.tickets.recent.length).toBeGreaterThan(0);
    const db = runtime.database.db;
    for (const ticket of view.tickets.recent) {
      const messages = await db.select().from(ticketMessages).where(eq(ticketMessages.ticketId, ticket.id));
      expect(ticket.messageCount, `messages of ticket ${ticket.id}`).toBe(messages.length);
    }
    for (const payment of view.payments.recent) {
      const allocations = await db
        .select()
        .from(paymentAllocations)
        .where(eq(paymentAllocations.paymentId, payment.id));
      expect(payment.allocatedCents).toBe(allocations.reduce((sum, a) => sum + a.amountCents, 0));
    }
    // Staff views never carry the RADIUS password, not even encrypted.
    expect(JSON.stringify(view)).not.toContain("radiusPassword");
  });

  it("answers NOT_FOUND for an unknown customer id", async () => {
    const error = await trpcFailure(billing.customers.get360({ customerId: 987_654_321 }));
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toContain("987654321");
  });

  it("rejects a malformed id", async () => {
    expect((await trpcFailure(billing.customers.get360({ customerId: -3 }))).code).toBe("BAD_REQUEST");
    expect((await trpcFailure(billing.customers.get360({ customerId: "12" as never }))).code).toBe("BAD_REQUEST");
  });
});

describe("contact update", () => {
  it("changes the contact and logs who changed what", async () => {
    const result = await billing.customers.updateContact({
      customerId: demo.id,
      phone: "(450) 555-0142",
      language: "en",
    });
    expect(result.changed.sort()).toEqual(["language", "phone"]);
    expect(result.customer.phoneDigits).toBe("4505550142");
    const entries = await runtime.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "customer"), eq(auditLog.entityId, String(demo.id))));
    expect(entries).toHaveLength(1);
    expect(entries[0]!.changes).toMatchObject({ language: { from: "fr", to: "en" }, phone: { to: "(450) 555-0142" } });
    expect(entries[0]!.actorRealm).toBe("staff");
  });

  it("logs nothing when nothing changes", async () => {
    const before = await runtime.database.db.select().from(auditLog);
    const result = await billing.customers.updateContact({ customerId: demo.id, language: "en" });
    expect(result.changed).toEqual([]);
    expect(await runtime.database.db.select().from(auditLog)).toHaveLength(before.length);
  });

  it("rejects an invalid email and writes nothing", async () => {
    const [before] = await runtime.database.db.select().from(customers).where(eq(customers.id, demo.id));
    const auditBefore = await runtime.database.db.select().from(auditLog);
    const error = await trpcFailure(
      billing.customers.updateContact({ customerId: demo.id, email: "not-an-email", phone: "(450) 555-0199" }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("email");
    const [after] = await runtime.database.db.select().from(customers).where(eq(customers.id, demo.id));
    expect(after).toEqual(before);
    expect(await runtime.database.db.select().from(auditLog)).toHaveLength(auditBefore.length);
  });

  it("answers NOT_FOUND for an unknown customer and writes nothing", async () => {
    const auditBefore = await runtime.database.db.select().from(auditLog);
    expect((await trpcFailure(billing.customers.updateContact({ customerId: 987_654_321, language: "fr" }))).code).toBe(
      "NOT_FOUND",
    );
    expect(await runtime.database.db.select().from(auditLog)).toHaveLength(auditBefore.length);
  });
});
