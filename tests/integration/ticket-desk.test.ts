/**
 * The support desk's ticket workspace end to end through tRPC: replies on the customer's channel
 * (the real Twilio SDK against the fake Twilio, nodemailer against the fake SMTP server), the
 * send-once guarantee under retries, email threading headers, notes never reaching the customer,
 * the parent/child close rule, the closed-ticket rule, bad input, canned replies, and presence
 * over Socket.IO with identity from the session.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { slaDueTimes } from "@/lib/domain/sla/policy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, ne } from "drizzle-orm";
import { io as connect, type Socket } from "socket.io-client";
import { customers, outboundMessages, portalUsers, staffUsers, ticketMessages, tickets } from "@/server/db/schema";
import { signCollabToken } from "@/server/collab/tokens";
import { createRealtimeServer } from "@/server/realtime/realtime-server";
import {
  REALTIME_PATH,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type TicketPresenceEvent,
} from "@/server/realtime/events";
import { leafParts, parseMime, startFakeSmtpServer, type FakeSmtpServer } from "../fakes/smtp-server";
import { startFakeTwilio, type FakeTwilioServer } from "../fakes/twilio-server";
import { callerAs, createSeededRuntime, testConfig, type TestRuntime } from "../support/test-runtime";
import { codeOf } from "../support/access-matrix";

type Caller = Awaited<ReturnType<typeof callerAs>>["caller"];

let runtime: TestRuntime;
let smtp: FakeSmtpServer;
let twilio: FakeTwilioServer;
let support: Caller;
let admin: Caller;
let customer: Caller;
let customer2: Caller;
let customerId: number;
const db = () => runtime.database.db;
const key = () => `test-${crypto.randomUUID()}`;
const MOBILE = "450 555-0199";

beforeAll(async () => {
  smtp = await startFakeSmtpServer();
  twilio = await startFakeTwilio();
  runtime = await createSeededRuntime({
    mail: { ...testConfig().mail, smtpUrl: smtp.url },
    twilio: {
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      from: "+15145550000",
      apiBaseUrl: twilio.baseUrl,
    },
  });
  ({ caller: support } = await callerAs(runtime, "staff", "support@demo.test"));
  ({ caller: admin } = await callerAs(runtime, "staff", "admin@demo.test"));
  ({ caller: customer } = await callerAs(runtime, "customer", "customer@demo.test"));
  ({ caller: customer2 } = await callerAs(runtime, "customer", "customer2@demo.test"));
  const [user] = await db().select().from(portalUsers).where(eq(portalUsers.email, "customer@demo.test"));
  customerId = user!.customerId;
  await db()
    .update(customers)
    .set({ mobile: MOBILE, email: "julie@customer.test", language: "fr" })
    .where(eq(customers.id, customerId));
});
afterAll(async () => {
  await runtime?.close();
  await smtp?.close();
  await twilio?.close();
});

/** A ticket of the demo customer whose first message came on `channel`. */
async function ticketFrom(channel: "sms" | "email" | "portal", emailMessageId: string | null = null): Promise<number> {
  const [ticket] = await db()
    .insert(tickets)
    .values({ subject: `Internet down (${channel})`, type: "repair", customerId })
    .returning({ id: tickets.id });
  await db().insert(ticketMessages).values({
    ticketId: ticket!.id,
    channel,
    authorKind: "customer",
    authorName: "Julie Lavoie",
    body: "My internet is down since this morning.",
    emailMessageId,
  });
  return ticket!.id;
}

const messagesOf = (ticketId: number) =>
  db().select().from(ticketMessages).where(eq(ticketMessages.ticketId, ticketId)).orderBy(ticketMessages.id);

describe("replies on the customer's channel", () => {
  it("answers a ticket that came by SMS by SMS, through Twilio, once however often the request is retried", async () => {
    const ticketId = await ticketFrom("sms");
    const before = twilio.messages.length;
    const requestKey = key();
    const first = await support.tickets.reply({ ticketId, body: "A technician is on the way.", requestKey });
    expect(first).toMatchObject({ created: true, channel: "sms", delivery: "sent" });
    expect(twilio.messages.length).toBe(before + 1);
    expect(twilio.messages.at(-1)).toMatchObject({ to: "+14505550199", body: "A technician is on the way." });

    // The browser retries the same send (a lost answer), then two tabs race with one key.
    const again = await support.tickets.reply({ ticketId, body: "A technician is on the way.", requestKey });
    expect(again).toMatchObject({ created: false, messageId: first.messageId, delivery: "already-sent" });
    const raceKey = key();
    const raced = await Promise.all(
      [1, 2, 3].map(() => support.tickets.reply({ ticketId, body: "Second answer.", requestKey: raceKey })),
    );
    expect(new Set(raced.map((r) => r.messageId)).size).toBe(1);
    expect(raced.filter((r) => r.created)).toHaveLength(1);
    expect(twilio.messages.length).toBe(before + 2);
    const thread = await messagesOf(ticketId);
    expect(thread.filter((m) => m.authorKind === "staff").map((m) => [m.channel, m.body])).toEqual([
      ["sms", "A technician is on the way."],
      ["sms", "Second answer."],
    ]);
    const [ledger] = await db()
      .select()
      .from(outboundMessages)
      .where(eq(outboundMessages.id, thread.find((m) => m.id === first.messageId)!.outboundMessageId!));
    expect(ledger).toMatchObject({ channel: "sms", status: "sent", template: "ticket_reply", customerId });
    // And it shows in the portal.
    const seen = await customer.portalTickets.get({ ticketId });
    expect(seen.messages.map((m) => m.body)).toContain("A technician is on the way.");
  });

  it("answers by email otherwise, with Message-ID, In-Reply-To and References so the answers thread", async () => {
    const theirs = "<CAF-customer-first@mail.customer.test>";
    const ticketId = await ticketFrom("email", theirs);
    const before = smtp.messages.length;
    const requestKey = key();
    const first = await support.tickets.reply({ ticketId, body: "We are looking into it.", requestKey });
    expect(first).toMatchObject({ channel: "email", delivery: "sent" });
    await support.tickets.reply({ ticketId, body: "We are looking into it.", requestKey });
    expect(smtp.messages.length).toBe(before + 1);

    const second = await support.tickets.reply({ ticketId, body: "Fixed: the fibre was cut.", requestKey: key() });
    expect(smtp.messages.length).toBe(before + 2);
    const [mail1, mail2] = smtp.messages.slice(before).map((m) => parseMime(m.raw));
    const stored = new Map((await messagesOf(ticketId)).map((m) => [m.id, m.emailMessageId]));
    expect(smtp.messages.at(-1)!.to).toEqual(["julie@customer.test"]);
    expect(mail1!.headers.get("message-id")).toBe(stored.get(first.messageId));
    expect(mail1!.headers.get("in-reply-to")).toBe(theirs);
    expect(mail1!.headers.get("references")).toBe(theirs);
    expect(mail1!.headers.get("subject")).toBe(`Re: [#${ticketId}] Internet down (email)`);
    expect(mail2!.headers.get("message-id")).toBe(stored.get(second.messageId));
    expect(mail2!.headers.get("in-reply-to")).toBe(stored.get(first.messageId));
    expect(mail2!.headers.get("references")!.split(/\s+/)).toEqual([theirs, stored.get(first.messageId)]);
    const text = leafParts(mail2!)
      .map((p) => p.body.toString("utf8"))
      .join("\n");
    expect(text).toContain("Fixed: the fibre was cut.");
    expect(text).toContain(`/portal/tickets/${ticketId}`);
  });

  it("never texts a customer who opted out of SMS: the SMS ticket is answered by email", async () => {
    const ticketId = await ticketFrom("sms");
    await customer.portalProfile.setConsent({ channel: "sms", granted: false });
    const texts = twilio.messages.length;
    try {
      const outcome = await support.tickets.reply({ ticketId, body: "Answer by email.", requestKey: key() });
      expect(outcome.channel).toBe("email");
      expect(twilio.messages.length).toBe(texts);
    } finally {
      await customer.portalProfile.setConsent({ channel: "sms", granted: true });
    }
  });
});

describe("the thread", () => {
  it("shows notes to staff, marked internal, and never to the customer", async () => {
    const ticketId = await ticketFrom("portal");
    await support.tickets.note({ ticketId, body: "SECRET-NOTE: line card flaky", requestKey: key() });
    await support.tickets.reply({ ticketId, body: "We will call you.", requestKey: key() });
    const workspace = await support.tickets.workspace({ ticketId });
    expect(workspace.messages.map((m) => [m.authorKind, m.channel, m.internal])).toEqual([
      ["customer", "portal", false],
      ["staff", "note", true],
      ["staff", "email", false],
    ]);
    expect(workspace.messages[1]!.authorName).toBeTruthy();
    expect(workspace.activity.map((a) => a.action)).toEqual(expect.arrayContaining(["ticket.note", "ticket.reply"]));
    expect(workspace.customer).toMatchObject({ id: customerId, email: "julie@customer.test" });
    const seen = await customer.portalTickets.get({ ticketId });
    expect(JSON.stringify(seen)).not.toContain("SECRET-NOTE");
    expect(seen.messages.map((m) => m.body)).toEqual(["My internet is down since this morning.", "We will call you."]);
    const list = await customer.portalTickets.list();
    expect(list.find((t) => t.id === ticketId)?.messageCount).toBe(2);
  });

  it("refuses empty and too long messages, and an SMS over one message's length, writing nothing", async () => {
    const ticketId = await ticketFrom("sms");
    const texts = twilio.messages.length;
    for (const body of ["", "   \n ", "x".repeat(10_001)])
      expect(await codeOf(support.tickets.reply({ ticketId, body, requestKey: key() }))).toBe("BAD_REQUEST");
    expect(await codeOf(support.tickets.reply({ ticketId, body: "x".repeat(1_601), requestKey: key() }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(customer.portalTickets.reply({ ticketId, body: " ", requestKey: key() }))).toBe("BAD_REQUEST");
    expect(await messagesOf(ticketId)).toHaveLength(1);
    expect(twilio.messages.length).toBe(texts);
  });
});

describe("status, parent and child", () => {
  it("refuses to close a parent while a child is open, then closes it once the child is", async () => {
    const parentId = await ticketFrom("portal");
    const child = await support.tickets.createChild({
      parentId,
      subject: "Replace the ONT",
      type: "repair",
      requestKey: key(),
    });
    const workspace = await support.tickets.workspace({ ticketId: parentId });
    expect(workspace.children.map((c) => c.id)).toEqual([child.ticketId]);
    expect(await codeOf(support.tickets.setStatus({ ticketId: parentId, status: "closed" }))).toBe("CONFLICT");
    expect(await codeOf(support.tickets.setStatus({ ticketId: parentId, status: "resolved" }))).toBe("CONFLICT");
    const [still] = await db().select().from(tickets).where(eq(tickets.id, parentId));
    expect(still!.status).toBe("open");
    await support.tickets.setStatus({ ticketId: child.ticketId, status: "closed" });
    expect(await support.tickets.setStatus({ ticketId: parentId, status: "closed" })).toEqual({ status: "closed" });
    const activity = (await support.tickets.workspace({ ticketId: parentId })).activity;
    expect(activity[0]).toMatchObject({ action: "ticket.status", changes: { status: { from: "open", to: "closed" } } });
  });

  it("links and unlinks, and refuses a loop, itself and another customer's ticket", async () => {
    const a = await ticketFrom("portal");
    const b = await ticketFrom("portal");
    expect(await support.tickets.linkParent({ ticketId: b, parentId: a })).toEqual({ changed: true });
    expect(await codeOf(support.tickets.linkParent({ ticketId: a, parentId: b }))).toBe("BAD_REQUEST");
    expect(await codeOf(support.tickets.linkParent({ ticketId: a, parentId: a }))).toBe("BAD_REQUEST");
    const [someoneElse] = await db()
      .select({ id: customers.id })
      .from(customers)
      .where(ne(customers.id, customerId))
      .limit(1);
    const [foreign] = await db()
      .insert(tickets)
      .values({ subject: "Other customer", type: "support", customerId: someoneElse!.id })
      .returning({ id: tickets.id });
    expect(await codeOf(support.tickets.linkParent({ ticketId: a, parentId: foreign!.id }))).toBe("BAD_REQUEST");
    expect(await support.tickets.unlinkParent({ ticketId: b })).toEqual({ changed: true });
    const [row] = await db().select().from(tickets).where(eq(tickets.id, b));
    expect(row!.parentId).toBeNull();
  });

  it("assigns to a person and a team queue, and refuses someone who cannot take tickets", async () => {
    const ticketId = await ticketFrom("portal");
    const [person] = await db().select().from(staffUsers).where(eq(staffUsers.email, "billing@demo.test"));
    const [tech] = await db().select().from(staffUsers).where(eq(staffUsers.email, "technician@demo.test"));
    await support.tickets.assign({ ticketId, assigneeId: person!.id, team: "billing" });
    const workspace = await support.tickets.workspace({ ticketId });
    expect(workspace.ticket).toMatchObject({ assignedToId: person!.id, assignedTeam: "billing" });
    expect(workspace.assignees.map((a) => a.id)).not.toContain(tech!.id);
    expect(await codeOf(support.tickets.assign({ ticketId, assigneeId: tech!.id, team: null }))).toBe("BAD_REQUEST");
    await support.tickets.update({ ticketId, important: true, type: "billing" });
    const [row] = await db().select().from(tickets).where(eq(tickets.id, ticketId));
    expect(row).toMatchObject({ important: true, type: "billing", assignedToId: person!.id });
    // Another type and importance is another SLA policy, from the same opening time.
    const policy = (await support.tickets.slaPolicies()).find(
      (p) => p.ticketType === "billing" && p.priority === "important",
    )!;
    expect(row!.slaDueAt).toEqual(slaDueTimes(row!.createdAt, policy).resolutionDueAt);
  });

  it("refuses a staff reply to a closed ticket (reopen first) and reopens it on the customer's reply", async () => {
    const ticketId = await ticketFrom("sms");
    await support.tickets.setStatus({ ticketId, status: "closed" });
    const texts = twilio.messages.length;
    expect(await codeOf(support.tickets.reply({ ticketId, body: "Late answer", requestKey: key() }))).toBe("CONFLICT");
    expect(twilio.messages.length).toBe(texts);
    // A note is still possible and does not reopen.
    await support.tickets.note({ ticketId, body: "Closed by phone", requestKey: key() });
    expect((await db().select().from(tickets).where(eq(tickets.id, ticketId)))[0]!.status).toBe("closed");
    const outcome = await customer.portalTickets.reply({ ticketId, body: "Still down!", requestKey: key() });
    expect(outcome).toMatchObject({ status: "open", channel: "portal", delivery: "none" });
    const [row] = await db().select().from(tickets).where(eq(tickets.id, ticketId));
    expect(row).toMatchObject({ status: "open", closedAt: null });
  });
});

describe("canned replies", () => {
  it("are kept by admins and rendered in the customer's language with the ticket's values", async () => {
    expect(
      await codeOf(admin.tickets.saveCannedReply({ title: "Bad", bodyFr: "{nickname}", bodyEn: "x", active: true })),
    ).toBe("BAD_REQUEST");
    const { id } = await admin.tickets.saveCannedReply({
      title: "Balance",
      bodyFr: "Bonjour {firstName}, votre solde est de {balance}.",
      bodyEn: "Hello {firstName}, your balance is {balance}.",
      active: true,
    });
    expect(await codeOf(support.tickets.saveCannedReply({ title: "x", bodyFr: "x", bodyEn: "x", active: true }))).toBe(
      "FORBIDDEN",
    );
    const ticketId = await ticketFrom("portal");
    const rendered = await support.tickets.renderCanned({ ticketId, cannedReplyId: id });
    const workspace = await support.tickets.workspace({ ticketId });
    const [me] = await db().select().from(customers).where(eq(customers.id, customerId));
    expect(rendered.language).toBe("fr");
    expect(rendered.text).toMatch(
      new RegExp(`^Bonjour ${me!.firstName}, votre solde est de -?[\\d\\s\u00a0\u202f]+,\\d{2}`),
    );
    expect(rendered.missing).toEqual([]);
    expect(workspace.customer!.balanceCents).toBeTypeOf("number");
    await admin.tickets.saveCannedReply({ id, title: "Balance", bodyFr: "x", bodyEn: "x", active: false });
    expect((await support.tickets.cannedReplies()).map((c) => c.id)).not.toContain(id);
    expect(await codeOf(support.tickets.renderCanned({ ticketId, cannedReplyId: id }))).toBe("NOT_FOUND");
  });
});

describe("the portal", () => {
  it("opens a ticket once per request, lists it for its customer only", async () => {
    const requestKey = key();
    const opened = await customer.portalTickets.open({
      subject: "Wi-Fi slow upstairs",
      type: "support",
      body: "Since Monday.",
      requestKey,
    });
    expect(
      await customer.portalTickets.open({
        subject: "Wi-Fi slow upstairs",
        type: "support",
        body: "Since Monday.",
        requestKey,
      }),
    ).toEqual({
      ticketId: opened.ticketId,
      messageId: opened.messageId,
      created: false,
    });
    expect((await customer.portalTickets.list()).map((t) => t.id)).toContain(opened.ticketId);
    expect((await customer2.portalTickets.list()).map((t) => t.id)).not.toContain(opened.ticketId);
    expect(await codeOf(customer2.portalTickets.get({ ticketId: opened.ticketId }))).toBe("NOT_FOUND");
    const [row] = await db()
      .select()
      .from(tickets)
      .where(and(eq(tickets.id, opened.ticketId)));
    expect(row).toMatchObject({ customerId, status: "open" });
    // The SLA clock starts at the opening, under the policy of its type and importance.
    const policy = (await support.tickets.slaPolicies()).find(
      (p) => p.ticketType === "support" && p.priority === "normal",
    )!;
    const due = slaDueTimes(row!.createdAt, policy);
    expect(row!.firstResponseDueAt).toEqual(due.firstResponseDueAt);
    expect(row!.slaDueAt).toEqual(due.resolutionDueAt);
    // The office sees it, with the customer's first message on the portal channel.
    const workspace = await support.tickets.workspace({ ticketId: opened.ticketId });
    expect(workspace.messages).toMatchObject([{ channel: "portal", authorKind: "customer", body: "Since Monday." }]);
  });
});

describe("presence on a ticket (Socket.IO)", () => {
  type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
  let server: http.Server;
  let realtime: ReturnType<typeof createRealtimeServer>;
  let baseUrl: string;
  const clients: Client[] = [];
  const userIdOf = new Map<string, string>();

  beforeAll(async () => {
    for (const user of await db().select().from(staffUsers)) userIdOf.set(user.email, user.id);
    server = http.createServer((_req, res) => res.writeHead(404).end());
    realtime = createRealtimeServer(runtime, server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await realtime?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function client(email: string): Promise<Client> {
    const socket: Client = connect(baseUrl, {
      path: REALTIME_PATH,
      transports: ["websocket"],
      auth: { token: signCollabToken(userIdOf.get(email)!, runtime.config.authSecret) },
      reconnection: false,
    });
    clients.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    return socket;
  }

  const nextPresence = (socket: Client, test: (e: TicketPresenceEvent) => boolean) =>
    new Promise<TicketPresenceEvent>((resolve) => {
      const listener = (event: TicketPresenceEvent) => {
        if (!test(event)) return;
        socket.off("ticket:presence", listener);
        resolve(event);
      };
      socket.on("ticket:presence", listener);
    });

  it("shows who is on the ticket and who is replying, named by the session, not the payload", async () => {
    const ticketId = await ticketFrom("portal");
    const a = await client("support@demo.test");
    const b = await client("billing@demo.test");
    const joinedA = await a.emitWithAck("ticket:join", { ticketId });
    expect(joinedA.ok).toBe(true);
    const bothSeen = nextPresence(a, (e) => e.viewers.length === 2);
    const joinedB = await b.emitWithAck("ticket:join", { ticketId });
    expect(joinedB.ok && joinedB.data.viewers.map((v) => v.userId).sort()).toEqual(
      [userIdOf.get("support@demo.test"), userIdOf.get("billing@demo.test")].sort(),
    );
    await bothSeen;

    const replying = nextPresence(a, (e) => e.viewers.some((v) => v.replying));
    // A forged identity in the payload is ignored: the server names the socket's own user.
    await b.emitWithAck("ticket:replying", {
      ticketId,
      replying: true,
      userId: "someone-else",
      name: "Forged",
    } as never);
    const event = await replying;
    const [billingUser] = await db().select().from(staffUsers).where(eq(staffUsers.email, "billing@demo.test"));
    expect(event.viewers.filter((v) => v.replying)).toEqual([
      { userId: billingUser!.id, name: billingUser!.name, replying: true },
    ]);

    const left = nextPresence(a, (e) => e.viewers.length === 1);
    b.disconnect();
    expect((await left).viewers.map((v) => v.userId)).toEqual([userIdOf.get("support@demo.test")]);
  });

  it("refuses a role that does not work tickets, a ticket that does not exist, and replying before joining", async () => {
    const ticketId = await ticketFrom("portal");
    const tech = await client("technician@demo.test");
    expect(await tech.emitWithAck("ticket:join", { ticketId })).toMatchObject({ ok: false });
    const agent = await client("support@demo.test");
    expect(await agent.emitWithAck("ticket:join", { ticketId: 2_147_483_000 })).toMatchObject({ ok: false });
    expect(await agent.emitWithAck("ticket:replying", { ticketId, replying: true })).toEqual({
      ok: false,
      error: "Join the ticket first",
    });
  });
});
