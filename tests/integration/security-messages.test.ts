import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, like, sql } from "drizzle-orm";
import {
  auditLog,
  customers,
  dispatchJobs,
  dispatchTechnicians,
  invoices,
  outboundMessages,
  serviceLocations,
} from "@/server/db/schema";
import type { ServerConfig } from "@/server/config";
import { localDate, localMidnight, shiftDate } from "@/lib/domain/quebec-dates";
import type { Actor } from "@/server/services/actor";
import { runDunning } from "@/server/services/payments/run-dunning";
import { createSmtpMailer } from "@/server/integrations/mail/mailer";
import { TwilioSmsSender } from "@/server/integrations/sms";
import { sendOnMyWay } from "@/server/services/tracking/on-my-way";
import { readTrackingLink } from "@/server/services/tracking/read-link";
import { listUndecidedMessages, resolveUndecidedMessage } from "@/server/services/messaging/undecided-messages";
import { startFakeTwilio, type FakeTwilioServer } from "../fakes/twilio-server";
import { startFakeSmtpServer, type FakeSmtpServer } from "../fakes/smtp-server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { testConfig } from "../support/test-runtime";

/**
 * Issue 13, item 11: a message the provider may have taken is never sent again by itself. A
 * timeout or a dropped connection after the request went out, or a failed write after the
 * provider answered, leaves the ledger row `unknown` for a person to decide; only a definite
 * refusal is `failed` and retried. A second en route keeps the first tracking link.
 */
const BASE_URL = "https://fibre.test";
/** Short enough for a test, long enough for a loopback answer on a busy machine. */
const PROVIDER_TIMEOUT_MS = 1500;
let database: TestDatabase;
let twilio: FakeTwilioServer;
let smtp: FakeSmtpServer;
let config: ServerConfig;
let deps: Parameters<typeof runDunning>[0];
let serial = 0;
const today = localDate(new Date());
const system: Actor = { realm: "system", userId: null, name: "dunning test" };
const clerk: Actor = { realm: "staff", userId: "clerk-1", role: "billing", name: "Clerk" };
const db = () => database.handle.db;

beforeAll(async () => {
  database = await createTestDatabase();
  twilio = await startFakeTwilio();
  smtp = await startFakeSmtpServer();
  config = testConfig({
    baseUrl: BASE_URL,
    twilio: {
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      from: "+15145550000",
      apiBaseUrl: twilio.baseUrl,
    },
    mail: { smtpUrl: smtp.url, from: "Fibre Démo <facturation@fibre-demo.test>" },
    billing: { ...testConfig().billing, dunningReminderDays: [3, 10], dunningSuspendDays: 60 },
  });
  deps = {
    db: db(),
    config,
    mailer: createSmtpMailer(smtp.url, config.mail.from, { timeoutMs: PROVIDER_TIMEOUT_MS }),
    sms: new TwilioSmsSender(config.twilio!, { timeoutMs: PROVIDER_TIMEOUT_MS }),
  };
});
afterAll(async () => {
  await twilio?.close();
  await smtp?.close();
  await database?.drop();
});

/** A customer (mobile 450 555-1NNN, its own email) with an invoice three days past due: the first reminder is due today. */
async function overdueCustomer(name: string) {
  serial++;
  const mobile = `450 555-${1000 + serial}`;
  const email = `retard${serial}@example.test`;
  const [c] = await db()
    .insert(customers)
    .values({
      legacyAccountId: `SEC-${serial}`,
      legacyCustomerId: `SECC-${serial}`,
      displayName: name,
      language: "fr",
      mobile,
      email,
    })
    .returning({ id: customers.id });
  const [invoice] = await db()
    .insert(invoices)
    .values({
      number: `F-SEC-${serial}`,
      customerId: c!.id,
      status: "open",
      issueDate: shiftDate(today, -23),
      dueDate: shiftDate(today, -3),
      subtotalCents: 5000,
      gstCents: 0,
      qstCents: 0,
      totalCents: 5000,
      balanceCents: 5000,
    })
    .returning({ id: invoices.id });
  return { customerId: c!.id, invoiceId: invoice!.id, e164: `+1450555${1000 + serial}`, email };
}

const smsTo = (to: string) => twilio.messages.filter((m) => m.to === to);
const mailsTo = (to: string) => smtp.messages.filter((m) => m.to.includes(to));
const row = async (dedupeKey: string) =>
  (await db().select().from(outboundMessages).where(eq(outboundMessages.dedupeKey, dedupeKey)))[0];
const reminderKey = (invoiceId: number, channel: "sms" | "email") => `dunning:${invoiceId}:reminder-1:${channel}`;

describe("the outbound ledger after a provider timeout or a lost answer", () => {
  it("leaves a reminder the provider may have taken unknown, and the next dunning run does not resend it", async () => {
    const late = await overdueCustomer("Client en retard");
    twilio.inject("hang-after-accepting");
    smtp.hangAfterData(true);
    try {
      await runDunning(deps, system, { today });
    } finally {
      smtp.hangAfterData(false);
    }
    // Both providers did take the message: only the answer was lost.
    expect(smsTo(late.e164)).toHaveLength(1);
    expect(mailsTo(late.email)).toHaveLength(1);
    expect(await row(reminderKey(late.invoiceId, "sms"))).toMatchObject({ status: "unknown" });
    expect(await row(reminderKey(late.invoiceId, "email"))).toMatchObject({ status: "unknown" });

    const again = await runDunning(deps, system, { today });
    expect(smsTo(late.e164)).toHaveLength(1);
    expect(mailsTo(late.email)).toHaveLength(1);
    expect(again.messages.sent).toBe(0);
    expect(await row(reminderKey(late.invoiceId, "sms"))).toMatchObject({ status: "unknown" });
  }, 120_000);

  it("leaves a message unknown when the write after the provider's acceptance fails, and sends it once", async () => {
    const late = await overdueCustomer("Écriture perdue");
    // A real database refusal of the "mark sent" write for this invoice's messages only.
    await db().execute(
      sql.raw(`create or replace function refuse_mark_sent() returns trigger language plpgsql as $$
        begin
          if new.status = 'sent' and new.dedupe_key like 'dunning:${late.invoiceId}:%' then
            raise exception 'simulated: the database refused the write';
          end if;
          return new;
        end $$`),
    );
    await db().execute(
      sql.raw(
        `create trigger refuse_mark_sent before update on outbound_messages for each row execute function refuse_mark_sent()`,
      ),
    );
    try {
      await runDunning(deps, system, { today });
    } finally {
      await db().execute(sql.raw(`drop trigger refuse_mark_sent on outbound_messages`));
    }
    expect(smsTo(late.e164)).toHaveLength(1);
    const sms = await row(reminderKey(late.invoiceId, "sms"));
    // The provider's id is kept: a person can look the message up.
    expect(sms).toMatchObject({ status: "unknown", providerMessageId: smsTo(late.e164)[0]!.sid });
    expect(await row(reminderKey(late.invoiceId, "email"))).toMatchObject({ status: "unknown" });

    await runDunning(deps, system, { today });
    expect(smsTo(late.e164)).toHaveLength(1);
    expect(mailsTo(late.email)).toHaveLength(1);
  }, 120_000);

  it("retries only a definite refusal (Twilio 400, SMTP 550), never a message lost on a dropped connection", async () => {
    const refused = await overdueCustomer("Refusé");
    const dropped = await overdueCustomer("Connexion perdue");
    twilio.blockedNumbers.add(refused.e164);
    smtp.refuseMessages(true);
    try {
      // Customers are dunned in id order: the refused one's messages go first.
      await runDunning({ ...deps, sms: dropSecondSms(deps.sms) }, system, { today });
    } finally {
      smtp.refuseMessages(false);
      twilio.blockedNumbers.delete(refused.e164);
    }
    expect(await row(reminderKey(refused.invoiceId, "sms"))).toMatchObject({ status: "failed" });
    expect(await row(reminderKey(refused.invoiceId, "email"))).toMatchObject({ status: "failed" });
    expect(await row(reminderKey(dropped.invoiceId, "sms"))).toMatchObject({ status: "unknown" });
    expect(smsTo(dropped.e164)).toHaveLength(1);

    await runDunning(deps, system, { today });
    expect(smsTo(refused.e164)).toHaveLength(1);
    expect(mailsTo(refused.email)).toHaveLength(1);
    expect(await row(reminderKey(refused.invoiceId, "sms"))).toMatchObject({ status: "sent", attempts: 2 });
    expect(smsTo(dropped.e164)).toHaveLength(1);
    expect(await row(reminderKey(dropped.invoiceId, "sms"))).toMatchObject({ status: "unknown" });
  }, 120_000);

  /** Twilio takes the next SMS after the first, and the connection drops before its answer. */
  function dropSecondSms(sender: typeof deps.sms): typeof deps.sms {
    let calls = 0;
    return {
      send(message) {
        calls++;
        if (calls === 2) twilio.inject("drop-after-accepting");
        return sender.send(message);
      },
    };
  }
});

describe("a person decides about unknown messages", () => {
  it("lists them, records one as sent or lets it be sent again, with an audit entry, and refuses the others", async () => {
    const late = await overdueCustomer("À décider");
    twilio.inject("drop-after-accepting");
    smtp.hangAfterData(true);
    try {
      await runDunning(deps, system, { today });
    } finally {
      smtp.hangAfterData(false);
    }
    const smsRow = (await row(reminderKey(late.invoiceId, "sms")))!;
    const emailRow = (await row(reminderKey(late.invoiceId, "email")))!;
    const listed = await listUndecidedMessages(db(), { limit: 500 });
    expect(listed.map((m) => m.id)).toEqual(expect.arrayContaining([smsRow.id, emailRow.id]));
    expect(listed.find((m) => m.id === smsRow.id)).toMatchObject({
      status: "unknown",
      dedupeKey: reminderKey(late.invoiceId, "sms"),
      customerId: late.customerId,
      invoiceId: late.invoiceId,
    });

    // The customer says the SMS arrived; the email did not.
    await resolveUndecidedMessage(db(), clerk, { id: smsRow.id, decision: "sent" });
    await resolveUndecidedMessage(db(), clerk, { id: emailRow.id, decision: "retry" });
    expect(await row(reminderKey(late.invoiceId, "sms"))).toMatchObject({ status: "sent" });
    const audits = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "outbound_message"), like(auditLog.action, "outbound.%")));
    expect(audits.filter((a) => [String(smsRow.id), String(emailRow.id)].includes(a.entityId))).toEqual([
      expect.objectContaining({ actorId: "clerk-1", entityId: String(smsRow.id), action: "outbound.resolved_sent" }),
      expect.objectContaining({ actorId: "clerk-1", entityId: String(emailRow.id), action: "outbound.resend_allowed" }),
    ]);
    const listedAfter = await listUndecidedMessages(db(), { limit: 500 });
    expect(listedAfter.map((m) => m.id)).not.toContain(smsRow.id);
    expect(listedAfter.map((m) => m.id)).not.toContain(emailRow.id);

    // The next run sends the email again, once, and still not the SMS.
    await runDunning(deps, system, { today });
    await runDunning(deps, system, { today });
    expect(mailsTo(late.email)).toHaveLength(2);
    expect(smsTo(late.e164)).toHaveLength(1);
    expect(await row(reminderKey(late.invoiceId, "email"))).toMatchObject({ status: "sent" });

    // Only an undecided message can be decided.
    const before = await db().select().from(outboundMessages).where(eq(outboundMessages.id, smsRow.id));
    await expect(resolveUndecidedMessage(db(), clerk, { id: smsRow.id, decision: "retry" })).rejects.toMatchObject({
      code: "invalid",
      key: "errors.outbound.notUndecided",
    });
    await expect(resolveUndecidedMessage(db(), clerk, { id: 2147483647, decision: "sent" })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await db().select().from(outboundMessages).where(eq(outboundMessages.id, smsRow.id))).toEqual(before);
  }, 120_000);
});

describe("on my way, sent twice", () => {
  it("keeps the first link working and sends no second SMS when the job goes en route again", async () => {
    serial++;
    const [tech] = await db()
      .insert(dispatchTechnicians)
      .values({ name: "Marc Gagnon", color: "#0369a1", homeLat: 45.3, homeLng: -72.6 })
      .returning({ id: dispatchTechnicians.id });
    const [customer] = await db()
      .insert(customers)
      .values({
        legacyAccountId: `SEC-${serial}`,
        legacyCustomerId: `SECC-${serial}`,
        displayName: "Julie Tremblay",
        language: "fr",
        mobile: "450 555-0911",
      })
      .returning({ id: customers.id });
    const [location] = await db()
      .insert(serviceLocations)
      .values({
        customerId: customer!.id,
        address: "12 rue Principale",
        city: "Granby",
        postalCode: "J2G 1A1",
        latitude: 45.4,
        longitude: -72.73,
      })
      .returning({ id: serviceLocations.id });
    const [job] = await db()
      .insert(dispatchJobs)
      .values({
        customerId: customer!.id,
        locationId: location!.id,
        kind: "install",
        status: "en_route",
        title: "Installation",
        scheduledStart: new Date(localMidnight(shiftDate(today, 1)).getTime() + 10 * 3600_000),
        leadTechnicianId: tech!.id,
      })
      .returning({ id: dispatchJobs.id });
    const jobId = job!.id;
    const setStatus = (status: "en_route" | "on_site") =>
      db().update(dispatchJobs).set({ status }).where(eq(dispatchJobs.id, jobId));

    // Twilio takes the SMS and the connection drops before its answer.
    twilio.inject("drop-after-accepting");
    const first = await sendOnMyWay(deps, jobId);
    expect(first).toMatchObject({ status: "unknown" });
    const sent = smsTo("+14505550911");
    expect(sent).toHaveLength(1);
    const token = /\/track\/([A-Za-z0-9_-]{43})$/.exec(sent[0]!.body)![1]!;
    expect(await readTrackingLink(db(), token, new Date())).toMatchObject({ kind: "active" });

    await setStatus("on_site");
    await setStatus("en_route");
    const second = await sendOnMyWay(deps, jobId);
    expect(second.status).not.toBe("sent");
    expect(smsTo("+14505550911")).toHaveLength(1);
    expect(await readTrackingLink(db(), token, new Date())).toMatchObject({ kind: "active" });
  }, 120_000);
});
