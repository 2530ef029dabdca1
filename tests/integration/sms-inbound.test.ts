import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes, randomInt } from "node:crypto";
import { and, eq } from "drizzle-orm";
import {
  auditLog,
  customerConsents,
  customers,
  inboundSms,
  outboundMessages,
  ticketMessages,
  tickets,
} from "@/server/db/schema";
import { setRuntime } from "@/server/runtime";
import { inboundSmsUrl } from "@/server/integrations/sms";
import { sendOnce, SMS_OPTED_OUT } from "@/server/services/messaging/outbound-ledger";
import { customersOnNumber, listUnmatchedSms } from "@/server/services/tickets/inbound-sms";
import { POST as postSms } from "@/app/api/webhooks/twilio/sms/route";
import { startFakeTwilio, type FakeStatusCallback, type FakeTwilioServer } from "../fakes/twilio-server";
import { callerAs, createSeededRuntime, testConfig, type TestRuntime } from "../support/test-runtime";

/**
 * Inbound SMS: Twilio's incoming-message webhook, signed by the real SDK's helper as Twilio signs
 * it, files the message on the sender's ticket (or a new one), leaves unknown and shared numbers
 * in the unmatched inbox, records STOP and START (after which no SMS leaves for the number,
 * whatever path asks), and writes nothing for a tampered or replayed request.
 */
const BASE_URL = "https://fibre.test";
const OUR_NUMBER = "+15145550000";
let runtime: TestRuntime;
let twilio: FakeTwilioServer;
let support: Awaited<ReturnType<typeof callerAs>>["caller"];
const db = () => runtime.db;
const key = () => randomBytes(8).toString("hex");

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
  ({ caller: support } = await callerAs(runtime, "staff", "support@demo.test"));
});
afterAll(async () => {
  await runtime?.close();
  await twilio?.close();
});

/** A +1 873 number no customer has (873 is not an area code the demo data uses, and it is checked). */
async function freshNumber(): Promise<{ e164: string; typed: string }> {
  for (;;) {
    const line = String(randomInt(1000, 10000));
    const e164 = `+1873555${line}`;
    if ((await customersOnNumber(db(), e164)).length === 0) return { e164, typed: `(873) 555-${line}` };
  }
}

async function customerWith(contact: { mobile?: string; phone?: string; email?: string | null }) {
  const id = key();
  const [row] = await db()
    .insert(customers)
    .values({
      legacyAccountId: `SMSIN-${id}`,
      legacyCustomerId: `SMSINC-${id}`,
      displayName: `Client ${id}`,
      language: "fr",
      mobile: contact.mobile ?? null,
      phone: contact.phone ?? null,
      phoneDigits: contact.phone ? contact.phone.replace(/\D/g, "") : null,
      email: contact.email === undefined ? `${id}@client.test` : contact.email,
    })
    .returning({ id: customers.id });
  return row!.id;
}

const post = (request: FakeStatusCallback, headers: Record<string, string> = request.headers) =>
  postSms(new Request(request.url, { method: "POST", headers, body: request.body }));
const texts = (from: string, body: string, messageSid?: string) =>
  twilio.incomingSms(inboundSmsUrl(BASE_URL), { from, to: OUR_NUMBER, body, messageSid });

const messagesOf = (ticketId: number) =>
  db().select().from(ticketMessages).where(eq(ticketMessages.ticketId, ticketId)).orderBy(ticketMessages.id);
const ticketsOf = (customerId: number) => db().select().from(tickets).where(eq(tickets.customerId, customerId));
const inboxRows = (from: string) => db().select().from(inboundSms).where(eq(inboundSms.fromNumber, from));

describe("an SMS from a customer's number", () => {
  it("opens a support ticket with its SLA, then adds the next messages to it as the customer's SMS", async () => {
    const number = await freshNumber();
    const customerId = await customerWith({ mobile: number.typed });

    const first = await post(texts(number.e164, "Mon internet ne fonctionne plus depuis ce matin"));
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toContain("text/xml");
    // Nothing is answered automatically: an empty TwiML response.
    expect(await first.text()).toMatch(/<Response><\/Response>$/);
    const [ticket] = await ticketsOf(customerId);
    expect(ticket).toMatchObject({ type: "support", status: "open", customerId });
    expect(ticket!.firstResponseDueAt).toBeInstanceOf(Date);
    expect(ticket!.slaDueAt).toBeInstanceOf(Date);

    // The agent marks it waiting; the customer's next SMS lands on it and reopens it.
    await db().update(tickets).set({ status: "waiting" }).where(eq(tickets.id, ticket!.id));
    expect((await post(texts(number.e164, "Toujours rien."))).status).toBe(200);
    expect(await ticketsOf(customerId)).toHaveLength(1);
    const thread = await messagesOf(ticket!.id);
    expect(thread.map((m) => [m.channel, m.authorKind, m.internal, m.body])).toEqual([
      ["sms", "customer", false, "Mon internet ne fonctionne plus depuis ce matin"],
      ["sms", "customer", false, "Toujours rien."],
    ]);
    expect((await ticketsOf(customerId))[0]!.status).toBe("open");

    // The agent's answer goes back by SMS to the number that wrote (the existing outbound path).
    const reply = await support.tickets.reply({
      ticketId: ticket!.id,
      body: "Un technicien vous appelle.",
      requestKey: key(),
    });
    expect(reply).toMatchObject({ channel: "sms", delivery: "sent" });
    expect(twilio.messages.at(-1)).toMatchObject({ to: number.e164, body: "Un technicien vous appelle." });
  });

  it("does not add to a closed ticket nor to one that came another way: a new ticket", async () => {
    const number = await freshNumber();
    const customerId = await customerWith({ phone: number.typed });
    const [byEmail] = await db()
      .insert(tickets)
      .values({ subject: "Facture", type: "billing", customerId })
      .returning({ id: tickets.id });
    await db()
      .insert(ticketMessages)
      .values({ ticketId: byEmail!.id, channel: "email", authorKind: "customer", authorName: "x", body: "Question" });
    const [closedSms] = await db()
      .insert(tickets)
      .values({ subject: "Ancien", type: "repair", customerId, status: "closed" })
      .returning({ id: tickets.id });
    await db()
      .insert(ticketMessages)
      .values({ ticketId: closedSms!.id, channel: "sms", authorKind: "customer", authorName: "x", body: "Ancien" });

    expect((await post(texts(number.e164, "Bonjour, une autre question"))).status).toBe(200);
    const all = await ticketsOf(customerId);
    expect(all).toHaveLength(3);
    const created = all.find((t) => t.id !== byEmail!.id && t.id !== closedSms!.id)!;
    expect(created).toMatchObject({ type: "support", status: "open" });
    expect((await messagesOf(created.id)).map((m) => m.body)).toEqual(["Bonjour, une autre question"]);
    expect(await messagesOf(byEmail!.id)).toHaveLength(1);
    expect(await messagesOf(closedSms!.id)).toHaveLength(1);
  });
});

describe("an SMS nobody or several customers can be matched to", () => {
  it("from an unknown number goes to the unmatched inbox, never to a ticket", async () => {
    const number = await freshNumber();
    const ticketCount = (await db().select({ id: tickets.id }).from(tickets)).length;
    const response = await post(texts(number.e164, "Qui est-ce ? J'ai reçu un appel"));
    expect(response.status).toBe(200);
    expect((await db().select({ id: tickets.id }).from(tickets)).length).toBe(ticketCount);
    // As the office page reads it, through the procedure.
    const inbox = await support.tickets.unmatchedSms();
    expect(inbox.find((e) => e.fromNumber === number.e164)).toMatchObject({
      outcome: "unknown-number",
      body: "Qui est-ce ? J'ai reçu un appel",
      candidates: [],
    });
  });

  it("from a number on two customers waits for an agent, with both named, and touches neither", async () => {
    const number = await freshNumber();
    const a = await customerWith({ mobile: number.e164 });
    const b = await customerWith({ phone: number.typed });
    expect((await post(texts(number.e164, "C'est pour le chalet"))).status).toBe(200);
    expect(await ticketsOf(a)).toHaveLength(0);
    expect(await ticketsOf(b)).toHaveLength(0);
    const entry = (await listUnmatchedSms(db())).find((e) => e.fromNumber === number.e164);
    expect(entry).toMatchObject({ outcome: "several-customers", body: "C'est pour le chalet" });
    expect(entry!.candidates.map((c) => c.id)).toEqual([a, b].sort((x, y) => x - y));
  });
});

describe("STOP, ARRÊT and START", () => {
  it("records the opt-out, answers nothing, and no SMS leaves for the number afterwards, by any path", async () => {
    const number = await freshNumber();
    const customerId = await customerWith({ mobile: number.typed, email: null });
    // The customer wrote by SMS first, so replies to this ticket would go by SMS.
    await post(texts(number.e164, "Panne"));
    const [ticket] = await ticketsOf(customerId);
    const sentBefore = twilio.messages.length;

    const stop = await post(texts(number.e164, "ARRÊT"));
    expect(stop.status).toBe(200);
    expect(await stop.text()).toMatch(/<Response><\/Response>$/);
    expect(twilio.messages.length).toBe(sentBefore);
    // Not a message on the ticket: a consent record, audited.
    expect(await messagesOf(ticket!.id)).toHaveLength(1);
    const consents = await db().select().from(customerConsents).where(eq(customerConsents.customerId, customerId));
    expect(consents.map((c) => [c.channel, c.granted, c.source])).toEqual([["sms", false, "sms"]]);
    const [audit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "customer"), eq(auditLog.entityId, String(customerId))));
    expect(audit).toMatchObject({ actorRealm: "system", action: "sms.consent.withdraw" });

    // The agent's reply does not go by SMS (no email on file: the portal only).
    const reply = await support.tickets.reply({ ticketId: ticket!.id, body: "Réparé ?", requestKey: key() });
    expect(reply.channel).toBe("portal");
    // Any other sender (a reminder, "on my way") asking for this number, written any way, is refused.
    const outcome = await sendOnce(
      db(),
      { dedupeKey: `test:${key()}:sms`, channel: "sms", recipient: number.typed, template: "test", language: "fr" },
      (provider) => provider(() => runtime.sms.send({ to: number.typed, body: "Rappel" })),
    );
    expect(outcome).toMatchObject({ status: "failed", error: SMS_OPTED_OUT });
    expect(twilio.messages.length).toBe(sentBefore);
    const [ledger] = await db().select().from(outboundMessages).where(eq(outboundMessages.id, outcome.messageId));
    expect(ledger).toMatchObject({ status: "failed", error: SMS_OPTED_OUT });

    // START lifts it: recorded as consent given, and the number can be texted again.
    expect((await post(texts(number.e164, "start"))).status).toBe(200);
    const after = await db()
      .select()
      .from(customerConsents)
      .where(eq(customerConsents.customerId, customerId))
      .orderBy(customerConsents.id);
    expect(after.map((c) => c.granted)).toEqual([false, true]);
    const again = await sendOnce(
      db(),
      { dedupeKey: `test:${key()}:sms`, channel: "sms", recipient: number.typed, template: "test", language: "fr" },
      (provider) => provider(() => runtime.sms.send({ to: number.typed, body: "Rappel" })),
    );
    expect(again.status).toBe("sent");
    expect(twilio.messages.at(-1)).toMatchObject({ to: number.e164, body: "Rappel" });
  });

  it("holds for a number on no customer too (STOP is about the number)", async () => {
    const number = await freshNumber();
    expect((await post(texts(number.e164, "stop"))).status).toBe(200);
    // A customer given this number later is still not texted.
    await customerWith({ mobile: number.typed });
    const outcome = await sendOnce(
      db(),
      { dedupeKey: `test:${key()}:sms`, channel: "sms", recipient: number.e164, template: "test", language: "fr" },
      (provider) => provider(() => runtime.sms.send({ to: number.e164, body: "Bienvenue" })),
    );
    expect(outcome).toMatchObject({ status: "failed", error: SMS_OPTED_OUT });
    expect(twilio.messages.some((m) => m.to === number.e164)).toBe(false);
  });
});

describe("signature and replay", () => {
  it("refuses a tampered, unsigned or wrongly addressed request with 403 and writes nothing", async () => {
    const number = await freshNumber();
    const customerId = await customerWith({ mobile: number.typed });
    const genuine = texts(number.e164, "Bonjour");
    // The body changed after signing (another sender).
    const other = await freshNumber();
    const tampered = {
      ...genuine,
      body: genuine.body.replace(encodeURIComponent(number.e164), encodeURIComponent(other.e164)),
    };
    expect(tampered.body).not.toBe(genuine.body);
    expect((await post(tampered)).status).toBe(403);
    const { "x-twilio-signature": _omitted, ...unsigned } = genuine.headers;
    expect((await post(genuine, unsigned)).status).toBe(403);
    // Signed for another URL (the address it reached us at, not the public one Twilio was given).
    const elsewhere = twilio.incomingSms("http://127.0.0.1:3000/api/webhooks/twilio/sms", {
      from: number.e164,
      to: OUR_NUMBER,
      body: "Bonjour",
    });
    expect((await post({ ...elsewhere, url: genuine.url })).status).toBe(403);
    expect(await ticketsOf(customerId)).toHaveLength(0);
    expect(await inboxRows(number.e164)).toHaveLength(0);
    expect(await inboxRows(other.e164)).toHaveLength(0);
  });

  it("a replayed MessageSid (a retry, or a captured request sent again) is refused and adds nothing", async () => {
    const number = await freshNumber();
    const customerId = await customerWith({ mobile: number.typed });
    const request = texts(number.e164, "Allo");
    expect((await post(request)).status).toBe(200);
    expect((await post(request)).status).toBe(403);
    // Same sid, re-signed with another body: still one message.
    expect((await post(texts(number.e164, "Allo encore", request.params.MessageSid))).status).toBe(403);
    const [ticket] = await ticketsOf(customerId);
    expect((await messagesOf(ticket!.id)).map((m) => m.body)).toEqual(["Allo"]);
    expect(await inboxRows(number.e164)).toHaveLength(1);
    // A replayed STOP writes no second consent row either.
    const stop = texts(number.e164, "STOP");
    await post(stop);
    expect((await post(stop)).status).toBe(403);
    expect(await db().select().from(customerConsents).where(eq(customerConsents.customerId, customerId))).toHaveLength(
      1,
    );
  });
});

describe("body cap", () => {
  it("refuses a body announced larger than 64 KiB with 413, unread, and one that grows past it", async () => {
    const number = await freshNumber();
    const big = texts(number.e164, "x".repeat(70 * 1024));
    const announced = await post(big, { ...big.headers, "content-length": String(big.body.length) });
    expect(announced.status).toBe(413);
    // No Content-Length: read until the cap, then refused.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big.body));
        controller.close();
      },
    });
    const grown = await postSms(
      new Request(big.url, { method: "POST", headers: big.headers, body: stream, duplex: "half" } as RequestInit),
    );
    expect(grown.status).toBe(413);
    expect(await inboxRows(number.e164)).toHaveLength(0);
  });
});

describe("filing an unmatched SMS", () => {
  it("puts it on the customer the agent chose, once; a second filing is refused", async () => {
    const number = await freshNumber();
    const a = await customerWith({ mobile: number.e164 });
    const b = await customerWith({ mobile: number.typed });
    await post(texts(number.e164, "C'est Marie, au 12 rue des Érables"));
    const entry = (await support.tickets.unmatchedSms()).find((e) => e.fromNumber === number.e164)!;
    const filed = await support.tickets.fileUnmatchedSms({ inboxId: entry.id, customerId: b });
    expect(filed.created).toBe(true);
    const [ticket] = await ticketsOf(b);
    expect(ticket).toMatchObject({ id: filed.ticketId, type: "support" });
    expect((await messagesOf(filed.ticketId)).map((m) => [m.channel, m.authorKind, m.body])).toEqual([
      ["sms", "customer", "C'est Marie, au 12 rue des Érables"],
    ]);
    expect(await ticketsOf(a)).toHaveLength(0);
    expect((await support.tickets.unmatchedSms()).some((e) => e.id === entry.id)).toBe(false);
    await expect(support.tickets.fileUnmatchedSms({ inboxId: entry.id, customerId: a })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(await ticketsOf(a)).toHaveLength(0);
  });
});
