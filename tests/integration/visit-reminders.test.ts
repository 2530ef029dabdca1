import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes, randomInt } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type * as Y from "yjs";
import {
  auditLog,
  customers,
  dispatchJobs,
  dispatchTechnicians,
  inboundSms,
  outboundMessages,
  serviceLocations,
  smsOptOuts,
  staffUsers,
  ticketMessages,
  tickets,
  visitResponses,
} from "@/server/db/schema";
import { setRuntime } from "@/server/runtime";
import { inboundSmsUrl } from "@/server/integrations/sms";
import { signCollabToken } from "@/server/collab/tokens";
import { customersOnNumber } from "@/server/services/tickets/inbound-sms";
import { sendAppointmentReminders } from "@/server/services/visits/appointment-reminders";
import { readSettings } from "@/server/services/settings/settings";
import { POST as postSms } from "@/app/api/webhooks/twilio/sms/route";
import { assignJob } from "@/lib/domain/board/operations";
import { boardDocumentName } from "@/lib/domain/board/types";
import { localDate, localMidnight, shiftDate } from "@/lib/domain/quebec-dates";
import { toGsm7 } from "@/lib/domain/tracking/sms-encoding";
import { startFakeTwilio, type FakeStatusCallback, type FakeTwilioServer } from "../fakes/twilio-server";
import { startCollabHarness } from "../support/collab-harness";
import { connectBoard, eventually, type BoardClient } from "../support/collab-client";
import { createSeededRuntime, testConfig, type TestRuntime } from "../support/test-runtime";

/**
 * Appointment reminders answered by SMS: the evening's run texts each planned visit of the next
 * day once (the real Twilio SDK against the fake), a reply OUI confirms the visit and NON asks to
 * reschedule it (a ticket for the desk), both shown at once on the live board of the visit's day;
 * anything else lands on the customer's ticket. The visits are a year ahead, on a day no demo
 * job uses, so the run at a fixed instant sees only this file's jobs.
 */
const BASE_URL = "https://fibre.test";
const OUR_NUMBER = "+15145550000";
let runtime: TestRuntime;
let twilio: FakeTwilioServer;
let harness: Awaited<ReturnType<typeof startCollabHarness>>;
let board: BoardClient;
let dispatcherId: string;
const db = () => runtime.db;
const key = () => randomBytes(8).toString("hex");

const VISIT_DAY = shiftDate(localDate(new Date()), 400);
/** A time of the visit day, Quebec time (hours after midnight; no DST change happens after 02:00). */
const onVisitDay = (hours: number) => new Date(localMidnight(VISIT_DAY).getTime() + hours * 3_600_000);
let eveningBefore: Date;

interface Party {
  customerId: number;
  locationId: number;
  number: string;
}

async function freshNumber(): Promise<string> {
  for (;;) {
    const e164 = `+1873555${randomInt(1000, 10000)}`;
    if ((await customersOnNumber(db(), e164)).length === 0) return e164;
  }
}

async function party(language: "fr" | "en" = "fr"): Promise<Party> {
  const id = key();
  const number = await freshNumber();
  const [customer] = await db()
    .insert(customers)
    .values({
      legacyAccountId: `REMIND-${id}`,
      legacyCustomerId: `REMINDC-${id}`,
      displayName: `Client ${id}`,
      language,
      mobile: `(${number.slice(2, 5)}) ${number.slice(5, 8)}-${number.slice(8)}`,
      email: `${id}@client.test`,
    })
    .returning({ id: customers.id });
  const [location] = await db()
    .insert(serviceLocations)
    .values({
      customerId: customer!.id,
      address: `${randomInt(1, 999)} rue des Rappels`,
      city: "Granby",
      postalCode: "J2G 1A1",
      latitude: 45.4,
      longitude: -72.73,
    })
    .returning({ id: serviceLocations.id });
  return { customerId: customer!.id, locationId: location!.id, number };
}

let techId: number;
let techFirstName: string;

async function visit(who: Party, over: Partial<typeof dispatchJobs.$inferInsert> = {}): Promise<number> {
  const [job] = await db()
    .insert(dispatchJobs)
    .values({
      locationId: who.locationId,
      customerId: who.customerId,
      kind: "repair",
      title: `Visite ${key()}`,
      status: "assigned",
      leadTechnicianId: techId,
      windowStart: onVisitDay(8),
      windowEnd: onVisitDay(12),
      scheduledStart: onVisitDay(9),
      durationMin: 60,
      ...over,
    })
    .returning({ id: dispatchJobs.id });
  return job!.id;
}

const texts = (from: string, body: string, messageSid?: string) =>
  twilio.incomingSms(inboundSmsUrl(BASE_URL), { from, to: OUR_NUMBER, body, messageSid });
const post = (request: FakeStatusCallback) =>
  postSms(new Request(request.url, { method: "POST", headers: request.headers, body: request.body }));
const smsTo = (number: string) => twilio.messages.filter((m) => m.to === number);
const responseOf = async (jobId: number) =>
  (await db().select().from(visitResponses).where(eq(visitResponses.jobId, jobId)))[0];
const jobOnBoard = (jobId: number) => board.doc.getMap("jobs").get(String(jobId)) as Y.Map<unknown> | undefined;
const confirmationOnBoard = (jobId: number) => jobOnBoard(jobId)?.get("confirmation");

let alice: Party; // a planned visit, and one without a window
let bruno: Party; // a planned visit
let carole: Party; // a planned visit, but her number answered STOP
let aliceVisit: number;
let aliceNoWindow: number;
let brunoVisit: number;
let caroleVisit: number;

beforeAll(async () => {
  twilio = await startFakeTwilio();
  runtime = await createSeededRuntime({
    baseUrl: BASE_URL,
    mail: { ...testConfig().mail, smtpUrl: undefined },
    twilio: {
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      from: OUR_NUMBER,
      apiBaseUrl: twilio.baseUrl,
    },
  });
  setRuntime(runtime);
  harness = await startCollabHarness(runtime);
  const [tech] = await db()
    .select({ id: dispatchTechnicians.id, name: dispatchTechnicians.name })
    .from(dispatchTechnicians)
    .where(eq(dispatchTechnicians.active, true))
    .limit(1);
  techId = tech!.id;
  techFirstName = tech!.name.trim().split(/\s+/)[0]!;
  const [dispatcher] = await db().select().from(staffUsers).where(eq(staffUsers.email, "dispatcher@demo.test"));
  dispatcherId = dispatcher!.id;

  const { appointmentHour } = (await readSettings(runtime)).reminders;
  eveningBefore = new Date(localMidnight(VISIT_DAY).getTime() - (24 - appointmentHour) * 3_600_000);

  alice = await party("fr");
  bruno = await party("en");
  carole = await party("fr");
  aliceVisit = await visit(alice);
  aliceNoWindow = await visit(alice, { windowStart: null, windowEnd: null, scheduledStart: onVisitDay(14) });
  brunoVisit = await visit(bruno, { scheduledStart: onVisitDay(10) });
  caroleVisit = await visit(carole);
  await db()
    .insert(smsOptOuts)
    .values({ number: carole.number, messageSid: `SM${randomBytes(16).toString("hex")}` });

  board = await connectBoard({
    url: harness.url,
    name: boardDocumentName(VISIT_DAY),
    token: signCollabToken(dispatcherId, runtime.config.authSecret),
  });
});
afterAll(async () => {
  board?.destroy();
  await harness?.stop();
  await runtime?.close();
  await twilio?.close();
});

describe("the evening's reminder run", () => {
  it("texts each planned visit with a window and a technician once, in the customer's language, and never twice", async () => {
    expect(await sendAppointmentReminders(runtime, { now: new Date(eveningBefore.getTime() - 60_000) })).toMatchObject({
      skipped: expect.stringContaining("not the appointment reminders' hours") as unknown,
    });
    expect(twilio.messages).toHaveLength(0);

    const run = await sendAppointmentReminders(runtime, { now: eveningBefore });
    expect(run).toEqual({
      day: VISIT_DAY,
      outcomes: { sent: 2, failed: 1 },
      skippedJobs: { no_window: 1 },
    });
    const [toAlice] = smsTo(alice.number);
    expect(smsTo(alice.number)).toHaveLength(1);
    expect(toAlice!.body).toContain(`avec ${toGsm7(techFirstName)}.`);
    expect(toAlice!.body).toMatch(/entre 8 h 00 et 12 h 00/);
    expect(toAlice!.body).toMatch(/1 ou OUI .* 2 ou NON/);
    expect(smsTo(bruno.number)).toHaveLength(1);
    expect(smsTo(bruno.number)[0]!.body).toMatch(/between 8:00 a\.m\. and 12:00 p\.m\..*Reply 1 or YES.*2 or NO/);
    // STOP is honoured by the ledger: Carole's reminder is recorded as refused, nothing left.
    expect(smsTo(carole.number)).toHaveLength(0);
    const [refused] = await db()
      .select()
      .from(outboundMessages)
      .where(and(eq(outboundMessages.customerId, carole.customerId), eq(outboundMessages.template, "visit_reminder")));
    expect(refused).toMatchObject({
      status: "failed",
      dedupeKey: `job:${caroleVisit}:reminder:${onVisitDay(9).toISOString()}`,
    });

    // A second run in the same evening (a retry, the next hourly tick) sends nothing more.
    const again = await sendAppointmentReminders(runtime, { now: new Date(eveningBefore.getTime() + 3_600_000) });
    expect(again).toMatchObject({ day: VISIT_DAY, outcomes: { "already-sent": 2, failed: 1 } });
    expect(smsTo(alice.number)).toHaveLength(1);
    expect(smsTo(bruno.number)).toHaveLength(1);
    expect(twilio.messages).toHaveLength(2);
    expect(aliceNoWindow).toBeGreaterThan(0);
  });
});

describe("answers by SMS", () => {
  it("OUI confirms the visit, shows it on the open board at once, and a replayed webhook changes nothing", async () => {
    expect(confirmationOnBoard(aliceVisit)).toBeNull();
    const oui = texts(alice.number, " Oui. ");
    const answered = await post(oui);
    expect(answered.status).toBe(200);
    expect(await answered.text()).toMatch(/<Response><\/Response>$/);
    expect(await responseOf(aliceVisit)).toMatchObject({
      response: "confirmed",
      customerId: alice.customerId,
      respondedBy: `sms:${alice.number}`,
      ticketId: null,
    });
    const [row] = await db().select().from(inboundSms).where(eq(inboundSms.fromNumber, alice.number));
    expect(row).toMatchObject({ outcome: "visit-answer", customerId: alice.customerId, ticketId: null });
    // An answer is not a ticket.
    expect(await db().select().from(tickets).where(eq(tickets.customerId, alice.customerId))).toHaveLength(0);
    await eventually(
      () => confirmationOnBoard(aliceVisit),
      (value) => value === "confirmed",
    );

    expect((await post(oui)).status).toBe(403);
    const audits = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "dispatch.job.customer-confirmed"), eq(auditLog.entityId, String(aliceVisit))));
    expect(audits).toHaveLength(1);
    expect(await db().select().from(inboundSms).where(eq(inboundSms.fromNumber, alice.number))).toHaveLength(1);
  });

  it("NO asks to reschedule: a ticket with the SMS, the board flags it; other words go to the ticket", async () => {
    expect((await post(texts(bruno.number, "no"))).status).toBe(200);
    const response = await responseOf(brunoVisit);
    expect(response).toMatchObject({ response: "reschedule_requested", respondedBy: `sms:${bruno.number}` });
    const [ticket] = await db().select().from(tickets).where(eq(tickets.customerId, bruno.customerId));
    expect(ticket).toMatchObject({
      id: response!.ticketId,
      type: "support",
      subject: `Request to reschedule visit #${brunoVisit}`,
    });
    const thread = await db().select().from(ticketMessages).where(eq(ticketMessages.ticketId, ticket!.id));
    expect(thread.map((m) => [m.channel, m.authorKind, m.body])).toEqual([["sms", "customer", "no"]]);
    await eventually(
      () => confirmationOnBoard(brunoVisit),
      (value) => value === "reschedule_requested",
    );

    // Not an answer: it lands on his SMS ticket for an agent, and the visit stays as it was.
    expect((await post(texts(bruno.number, "Je serai là après 10 h, merci"))).status).toBe(200);
    const after = await db().select().from(ticketMessages).where(eq(ticketMessages.ticketId, ticket!.id));
    expect(after.map((m) => m.body)).toEqual(["no", "Je serai là après 10 h, merci"]);
    const [filed] = await db()
      .select()
      .from(inboundSms)
      .where(and(eq(inboundSms.fromNumber, bruno.number), eq(inboundSms.body, "Je serai là après 10 h, merci")));
    expect(filed).toMatchObject({ outcome: "ticket", ticketId: ticket!.id });
    expect(await responseOf(brunoVisit)).toEqual(response);
    // Asking again is not a new request: the visit is the desk's now, so it is a message too.
    expect((await post(texts(bruno.number, "NON"))).status).toBe(200);
    expect(await db().select().from(tickets).where(eq(tickets.customerId, bruno.customerId))).toHaveLength(1);
  });

  it("OUI from a customer with no reminded visit is a message on a ticket", async () => {
    const dora = await party();
    expect((await post(texts(dora.number, "OUI"))).status).toBe(200);
    const [row] = await db().select().from(inboundSms).where(eq(inboundSms.fromNumber, dora.number));
    expect(row!.outcome).toBe("ticket");
    const [ticket] = await db().select().from(tickets).where(eq(tickets.customerId, dora.customerId));
    expect(ticket).toBeDefined();
  });
});

describe("the board's confirmation field", () => {
  it("is the server's: a client's write is put back", async () => {
    expect(confirmationOnBoard(aliceNoWindow)).toBeNull();
    board.doc.transact(() => jobOnBoard(aliceNoWindow)!.set("confirmation", "confirmed"));
    expect(confirmationOnBoard(aliceNoWindow)).toBe("confirmed");
    await eventually(
      () => confirmationOnBoard(aliceNoWindow),
      (value) => value === null,
    );
    expect(await responseOf(aliceNoWindow)).toBeUndefined();
    // And a confirmed visit stays confirmed whatever a client writes.
    board.doc.transact(() => jobOnBoard(aliceVisit)!.set("confirmation", "reschedule_requested"));
    await eventually(
      () => confirmationOnBoard(aliceVisit),
      (value) => value === "confirmed",
    );
  });

  it("a dispatcher re-planning a visit asked to reschedule clears the flag, and the visit is reminded again", async () => {
    expect(confirmationOnBoard(brunoVisit)).toBe("reschedule_requested");
    const moved = assignJob(board.doc, String(brunoVisit), String(techId), onVisitDay(11).toISOString(), dispatcherId);
    expect(moved).toEqual({ ok: true });
    await eventually(
      () => confirmationOnBoard(brunoVisit),
      (value) => value === null,
      10_000,
    );
    expect(await responseOf(brunoVisit)).toBeUndefined();
    const [row] = await db().select().from(dispatchJobs).where(eq(dispatchJobs.id, brunoVisit));
    expect(row!.scheduledStart).toEqual(onVisitDay(11));
    // The ticket stays for the desk; the audit of the move says what it answered.
    const [edit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "dispatch.job.board-edit"), eq(auditLog.entityId, String(brunoVisit))));
    expect(edit!.changes).toMatchObject({ customerResponse: { from: "reschedule_requested", to: null } });

    const run = await sendAppointmentReminders(runtime, { now: new Date(eveningBefore.getTime() + 2 * 3_600_000) });
    expect(run).toMatchObject({ outcomes: { sent: 1, "already-sent": 1, failed: 1 } });
    expect(smsTo(bruno.number)).toHaveLength(2);
    const keys = await db()
      .select({ key: outboundMessages.dedupeKey })
      .from(outboundMessages)
      .where(inArray(outboundMessages.customerId, [bruno.customerId]));
    expect(keys.map((k) => k.key).sort()).toEqual(
      [
        `job:${brunoVisit}:reminder:${onVisitDay(10).toISOString()}`,
        `job:${brunoVisit}:reminder:${onVisitDay(11).toISOString()}`,
      ].sort(),
    );
  });
});
