import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray, like } from "drizzle-orm";
import {
  auditLog,
  customerConsents,
  customers,
  invoices,
  items,
  outboundMessages,
  serviceLocations,
  serviceSubscriptions,
  staffUsers,
} from "@/server/db/schema";
import type { ServerConfig } from "@/server/config";
import { localDate, shiftDate } from "@/lib/domain/quebec-dates";
import type { Actor } from "@/server/services/actor";
import { runDunning } from "@/server/services/payments/run-dunning";
import { createMailer } from "@/server/integrations/mail/mailer";
import { createSmsSender } from "@/server/integrations/sms";
import { recordManualPayment } from "@/server/services/payments/manual-payments";
import { saveSettings } from "@/server/services/settings/settings";
import { startFakeTwilio, type FakeTwilioServer } from "../fakes/twilio-server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { testConfig } from "../support/test-runtime";

let database: TestDatabase;
let fake: FakeTwilioServer;
let dataDir: string;
let config: ServerConfig;
/** The services' dependencies, as the composition root builds them from this configuration. */
let deps: Parameters<typeof runDunning>[0];
let itemId: number;
let serial = 0;
const today = localDate(new Date());
const system: Actor = { realm: "system", userId: null, name: "dunning test" };
const clerk: Actor = { realm: "staff", userId: "clerk-1", role: "billing", name: "Clerk" };
const db = () => database.handle.db;

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeTwilio();
  dataDir = await mkdtemp(path.join(tmpdir(), "dunning-"));
  config = testConfig({
    dataDir,
    twilio: { accountSid: fake.accountSid, authToken: fake.authToken, from: "+15145550000", apiBaseUrl: fake.baseUrl },
    billing: { ...testConfig().billing, dunningReminderDays: [3, 10], dunningSuspendDays: 21 },
  });
  deps = { db: db(), config, mailer: createMailer(config), sms: createSmsSender(config) };
  const [item] = await db()
    .insert(items)
    .values({
      sku: "DUN-100",
      nameFr: "Fibre 100",
      nameEn: "Fiber 100",
      kind: "internet",
      billing: "recurring",
      priceCents: 6000,
    })
    .returning({ id: items.id });
  itemId = item!.id;
});
afterAll(async () => {
  await fake?.close();
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function customerWith(o: {
  name: string;
  language: "fr" | "en";
  mobile?: string;
  email?: string;
  subscriptions?: number;
}) {
  serial++;
  const [c] = await db()
    .insert(customers)
    .values({
      legacyAccountId: `DUN-${serial}`,
      legacyCustomerId: `DUNC-${serial}`,
      displayName: o.name,
      language: o.language,
      mobile: o.mobile ?? null,
      email: o.email ?? `client${serial}@example.test`,
    })
    .returning({ id: customers.id });
  const [loc] = await db()
    .insert(serviceLocations)
    .values({
      customerId: c!.id,
      address: `${serial} rue Principale`,
      city: "Granby",
      postalCode: "J2G 1A1",
      latitude: 45.4,
      longitude: -72.7,
    })
    .returning({ id: serviceLocations.id });
  const subs: number[] = [];
  for (let i = 0; i < (o.subscriptions ?? 1); i++) {
    const [s] = await db()
      .insert(serviceSubscriptions)
      .values({
        customerId: c!.id,
        locationId: loc!.id,
        itemId,
        status: "active",
        startDate: "2025-01-01",
        billingDay: 1,
      })
      .returning({ id: serviceSubscriptions.id });
    subs.push(s!.id);
  }
  return { customerId: c!.id, subs };
}

async function invoiceDue(customerId: number, daysAgo: number, total = 8622) {
  serial++;
  const [row] = await db()
    .insert(invoices)
    .values({
      number: `F-DUN-${serial}`,
      customerId,
      status: "open",
      issueDate: shiftDate(today, -daysAgo - 20),
      dueDate: shiftDate(today, -daysAgo),
      subtotalCents: total,
      gstCents: 0,
      qstCents: 0,
      totalCents: total,
      balanceCents: total,
    })
    .returning({ id: invoices.id, number: invoices.number });
  return row!;
}

const smsTo = (to: string) => fake.messages.filter((m) => m.to === to);
const outbox = async () => (await readdir(path.join(dataDir, "outbox")).catch(() => [])).length;
const subsOf = (ids: number[]) =>
  db()
    .select()
    .from(serviceSubscriptions)
    .where(inArray(serviceSubscriptions.id, ids))
    .orderBy(serviceSubscriptions.id);

describe("dunning", () => {
  it("sends the day-3 reminder by email and SMS in the customer's language, once, even when run twice", async () => {
    const julie = await customerWith({ name: "Julie Tremblay", language: "fr", mobile: "450 555-0111" });
    const john = await customerWith({ name: "John Smith", language: "en", mobile: "(819) 555-0122" });
    const early = await customerWith({ name: "Pas encore", language: "fr", mobile: "450 555-0133" });
    const frInvoice = await invoiceDue(julie.customerId, 3);
    const enInvoice = await invoiceDue(john.customerId, 3, 5999);
    await invoiceDue(early.customerId, 2);
    const mailsBefore = await outbox();

    const first = await runDunning(deps, system, { today });
    expect(first.messages).toMatchObject({ sent: 4, failed: 0 });
    expect(smsTo("+14505550111").map((m) => m.body)).toEqual([
      expect.stringMatching(
        new RegExp(`^Fibre Démo inc\\. : la facture ${frInvoice.number} \\(86,22 \\$\\) était payable le `),
      ),
    ]);
    expect(smsTo("+18195550122").map((m) => m.body)).toEqual([
      expect.stringMatching(new RegExp(`^Fibre Démo inc\\.: invoice ${enInvoice.number} \\(\\$59\\.99\\) was due on `)),
    ]);
    expect(smsTo("+14505550133")).toEqual([]);
    expect(await outbox()).toBe(mailsBefore + 2);
    const mails = await Promise.all(
      (await readdir(path.join(dataDir, "outbox"))).map((f) => readFile(path.join(dataDir, "outbox", f), "utf8")),
    );
    expect(mails.some((m) => m.includes(enInvoice.number) && m.includes("Reminder: invoice"))).toBe(true);

    const second = await runDunning(deps, system, { today });
    expect(second.messages.sent).toBe(0);
    expect(second.messages.alreadySent).toBeGreaterThanOrEqual(4);
    expect(smsTo("+14505550111")).toHaveLength(1);
    expect(await outbox()).toBe(mailsBefore + 2);
    const keys = await db()
      .select({ key: outboundMessages.dedupeKey, status: outboundMessages.status })
      .from(outboundMessages)
      .where(like(outboundMessages.dedupeKey, `dunning:${frInvoice.id}:%`));
    expect(keys.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: `dunning:${frInvoice.id}:reminder-1:email`, status: "sent" },
      { key: `dunning:${frInvoice.id}:reminder-1:sms`, status: "sent" },
    ]);
  });

  it("sends the second reminder on day 10, and nothing to a customer whose credit covers the overdue amount", async () => {
    const marc = await customerWith({ name: "Marc Gagnon", language: "fr", mobile: "514 555-0144" });
    const covered = await customerWith({ name: "Crédit suffisant", language: "fr", mobile: "514 555-0155" });
    const invoice = await invoiceDue(marc.customerId, 10, 4000);
    await invoiceDue(covered.customerId, 10, 4000);
    await recordManualPayment(db(), clerk, {
      customerId: covered.customerId,
      method: "cash",
      amountCents: 5000,
      receivedOn: today,
      allocations: [],
    });

    await runDunning(deps, system, { today: shiftDate(today, -7) }); // day 3
    await runDunning(deps, system, { today }); // day 10
    expect(smsTo("+15145550144")).toHaveLength(2);
    const [reminder1, reminder2] = await Promise.all(
      [1, 2].map((n) =>
        db()
          .select()
          .from(outboundMessages)
          .where(eq(outboundMessages.dedupeKey, `dunning:${invoice.id}:reminder-${n}:sms`)),
      ),
    );
    expect(reminder1![0]?.status).toBe("sent");
    expect(reminder2![0]?.status).toBe("sent");
    expect(smsTo("+15145550155")).toEqual([]);
  });

  it("records an SMS to a number that cannot be texted as failed, and still emails", async () => {
    const bad = await customerWith({ name: "Numéro invalide", language: "fr", mobile: "555-0101" });
    const invoice = await invoiceDue(bad.customerId, 3, 1000);
    await runDunning(deps, system, { today });
    const rows = await db()
      .select()
      .from(outboundMessages)
      .where(like(outboundMessages.dedupeKey, `dunning:${invoice.id}:%`));
    expect(rows.find((r) => r.channel === "sms")).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/not a phone number we can text/),
    });
    expect(rows.find((r) => r.channel === "email")).toMatchObject({ status: "sent" });
  });

  it("suspends after 21 days (RADIUS too), notifies once, and reactivates only dunning's suspensions after payment", async () => {
    const late = await customerWith({ name: "Sophie Roy", language: "fr", mobile: "418 555-0166", subscriptions: 2 });
    const [own] = await db()
      .insert(serviceSubscriptions)
      .values({
        customerId: late.customerId,
        locationId: (await subsOf(late.subs))[0]!.locationId,
        itemId,
        status: "suspended",
        radiusStatus: "suspended",
        startDate: "2025-01-01",
        suspendedSince: "2026-01-01",
      })
      .returning({ id: serviceSubscriptions.id });
    const oldest = await invoiceDue(late.customerId, 21, 7000);
    const recent = await invoiceDue(late.customerId, 5, 3000);
    const notYet = await customerWith({ name: "Vingt jours", language: "fr", mobile: "418 555-0177" });
    await invoiceDue(notYet.customerId, 20, 7000);

    const first = await runDunning(deps, system, { today });
    expect(first).toMatchObject({ customersSuspended: 1, subscriptionsSuspended: 2 });
    for (const sub of await subsOf(late.subs)) {
      expect(sub).toMatchObject({
        status: "suspended",
        radiusStatus: "suspended",
        suspendedForDunning: true,
        suspendedSince: today,
      });
    }
    expect((await subsOf(notYet.subs))[0]).toMatchObject({ status: "active", radiusStatus: "enabled" });
    const audits = await db()
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, "subscription.dunning_suspend"), inArray(auditLog.entityId, late.subs.map(String))),
      );
    expect(audits).toHaveLength(2);
    const notices = () => smsTo("+14185550166").filter((m) => m.body.includes("suspendu"));
    expect(notices()).toHaveLength(1);
    expect(notices()[0]!.body).toContain("100,00 $");

    const again = await runDunning(deps, system, { today });
    expect(again).toMatchObject({ customersSuspended: 0, subscriptionsSuspended: 0 });
    expect(notices()).toHaveLength(1);

    // Paying the oldest invoice only is not enough: the recent one is past due too.
    await recordManualPayment(db(), clerk, {
      customerId: late.customerId,
      method: "interac",
      amountCents: 7000,
      receivedOn: today,
      allocations: [{ invoiceId: oldest.id, amountCents: 7000 }],
    });
    expect((await subsOf(late.subs)).map((s) => s.status)).toEqual(["suspended", "suspended"]);
    await recordManualPayment(db(), clerk, {
      customerId: late.customerId,
      method: "cheque",
      amountCents: 3000,
      receivedOn: today,
      allocations: [{ invoiceId: recent.id, amountCents: 3000 }],
    });
    for (const sub of await subsOf(late.subs)) {
      expect(sub).toMatchObject({
        status: "active",
        radiusStatus: "enabled",
        suspendedForDunning: false,
        suspendedSince: null,
      });
    }
    expect((await subsOf([own!.id]))[0]).toMatchObject({
      status: "suspended",
      radiusStatus: "suspended",
      suspendedSince: "2026-01-01",
    });
    const reactivations = await db()
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, "subscription.dunning_reactivate"), inArray(auditLog.entityId, late.subs.map(String))),
      );
    expect(reactivations.map((a) => a.actorId)).toEqual(["clerk-1", "clerk-1"]);
  });

  it("skips the reminder on a channel whose consent the customer withdrew, and still sends on the other", async () => {
    const quiet = await customerWith({ name: "Sans Texto", language: "fr", mobile: "450 555-0177" });
    const invoice = await invoiceDue(quiet.customerId, 3);
    await db()
      .insert(customerConsents)
      .values([
        {
          customerId: quiet.customerId,
          channel: "sms",
          granted: true,
          source: "portal",
          recordedAt: new Date("2026-01-01T12:00:00Z"),
        },
        {
          customerId: quiet.customerId,
          channel: "sms",
          granted: false,
          source: "portal",
          recordedAt: new Date("2026-02-01T12:00:00Z"),
        },
      ]);
    await runDunning(deps, system, { today });
    expect(smsTo("+14505550177")).toEqual([]);
    const sent = await db().select().from(outboundMessages).where(eq(outboundMessages.invoiceId, invoice.id));
    expect(sent.map((m) => m.channel)).toEqual(["email"]);
  });

  it("refuses a date in the future", async () => {
    await expect(runDunning(deps, system, { today: shiftDate(today, 1) })).rejects.toThrow(/is in the future/);
  });
});

describe("dunning days from the office's settings", () => {
  it("follows the saved reminder and suspension days instead of the configuration's", async () => {
    // 18 days past due: the configuration (3, 10; suspend at 21) sends nothing that day.
    const late = await customerWith({ name: "Client Réglages", language: "fr" });
    const invoice = await invoiceDue(late.customerId, 18);
    const before = await runDunning(deps, system, { today });
    expect(await db().select().from(outboundMessages).where(eq(outboundMessages.invoiceId, invoice.id))).toEqual([]);
    expect(before.customersSuspended).toBe(0);

    const [admin] = await db()
      .insert(staffUsers)
      .values({ id: "settings-admin", name: "Admin Réglages", email: "settings-admin@staff.test", role: "admin" })
      .returning({ id: staffUsers.id });
    const actor: Actor = { realm: "staff", userId: admin!.id, role: "admin", name: "Admin Réglages" };
    await saveSettings(deps, actor, { section: "dunning", values: { reminderDays: "18, 30", suspendDays: "40" } });
    try {
      await runDunning(deps, system, { today });
      const sent = await db().select().from(outboundMessages).where(eq(outboundMessages.invoiceId, invoice.id));
      expect(sent.map((m) => m.dedupeKey)).toEqual([`dunning:${invoice.id}:reminder-1:email`]);
      expect(await subsOf(late.subs)).toEqual([expect.objectContaining({ status: "active" })]);
    } finally {
      await saveSettings(deps, actor, { section: "dunning", values: { reminderDays: "3,10", suspendDays: "21" } });
    }
  });
});
