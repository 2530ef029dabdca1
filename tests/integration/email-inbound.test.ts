import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import MailComposer, { type MailComposerOptions } from "nodemailer/lib/mail-composer";
import { customers, inboundEmails, ticketAttachments, ticketMessages, tickets } from "@/server/db/schema";
import { rowsOf } from "@/server/db/client";
import { setRuntime } from "@/server/runtime";
import { listUnmatchedEmails } from "@/server/services/tickets/inbound-email-inbox";
import { sweepOrphanFiles } from "@/server/services/sweepers/orphan-files";
import { recordStorageIntent } from "@/server/services/sweepers/storage-intents";
import { inboundEmailAttachmentStorageKey } from "@/server/storage";
import { authenticatedRawEmail } from "@/server/web/inbound-email-webhook";
import { bytesOf, JPEG_37x21 } from "@/lib/domain/media/sample-images";
import { parseMime, startFakeSmtpServer, type FakeSmtpServer } from "../fakes/smtp-server";
import { startHttpAppServer, type HttpAppServer } from "../support/http-app-server";
import { callerAs, createSeededRuntime, testConfig, type TestRuntime } from "../support/test-runtime";

/**
 * Inbound email end to end: messages composed by nodemailer (the bytes a mail client would
 * send), posted over HTTP to the webhook as a relay does, land on the right ticket: a new one
 * for a known sender, the same one for an answer to our reply (threaded by In-Reply-To, whose
 * Message-ID our reply carried through the fake SMTP server, or by the subject's [#id]), never
 * another customer's for a forged reference, the unmatched inbox for a stranger. A wrong secret
 * writes nothing, a replay writes once, and kept attachments are readable from file storage.
 */
const SECRET = "inbound-email-test-secret-0123456789";
let server: HttpAppServer;
let smtp: FakeSmtpServer;
let runtime: TestRuntime;
let support: Awaited<ReturnType<typeof callerAs>>["caller"];
const db = () => runtime.database.db;
const unique = () => randomBytes(6).toString("hex");

beforeAll(async () => {
  [server, smtp] = await Promise.all([startHttpAppServer(), startFakeSmtpServer()]);
  runtime = await createSeededRuntime({
    port: server.port,
    baseUrl: server.baseUrl,
    mail: { ...testConfig().mail, smtpUrl: smtp.url, inboundSecret: SECRET },
  });
  setRuntime(runtime);
  server.attach(runtime);
  ({ caller: support } = await callerAs(runtime, "staff", "support@demo.test"));
});
afterAll(async () => {
  await server?.close();
  await runtime?.close();
  await smtp?.close();
});

async function customerWithEmail(email: string): Promise<number> {
  const id = unique();
  const [row] = await db()
    .insert(customers)
    .values({
      legacyAccountId: `MAILIN-${id}`,
      legacyCustomerId: `MAILINC-${id}`,
      displayName: `Client ${id}`,
      language: "fr",
      email,
    })
    .returning({ id: customers.id });
  return row!.id;
}

const newAddress = () => `client.${unique()}@exemple.test`;
const newMessageId = () => `<${unique()}.${Date.now()}@mail.exemple.test>`;

function compose(options: MailComposerOptions): Promise<Buffer> {
  return new MailComposer({ to: "support@fibre-demo.test", ...options }).compile().build();
}

function post(raw: Uint8Array | string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.baseUrl}/api/webhooks/email/inbound`, {
    method: "POST",
    headers: { authorization: `Bearer ${SECRET}`, "content-type": "message/rfc822", ...headers },
    body: typeof raw === "string" ? raw : new Uint8Array(raw),
  });
}

async function postOk(raw: Uint8Array) {
  const response = await post(raw);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown> & { outcome: string };
}

const messagesOf = (ticketId: number) =>
  db()
    .select()
    .from(ticketMessages)
    .where(eq(ticketMessages.ticketId, ticketId))
    .orderBy(asc(ticketMessages.createdAt), asc(ticketMessages.id));

const ticketOf = async (ticketId: number) => (await db().select().from(tickets).where(eq(tickets.id, ticketId)))[0]!;

/** A customer who wrote in once: their new ticket. */
async function ticketFromEmail(address: string) {
  const messageId = newMessageId();
  const result = await postOk(
    await compose({ from: address, subject: "Panne internet", text: "Mon modem clignote.", messageId }),
  );
  expect(result).toMatchObject({ outcome: "ticket", created: true });
  return { ticketId: result.ticketId as number, messageId };
}

const counts = async () => {
  const [row] = await rowsOf<{ emails: number; messages: number }>(
    db(),
    sql`select (select count(*)::int from inbound_emails) as emails, (select count(*)::int from ticket_messages) as messages`,
  );
  return row!;
};

describe("inbound email webhook", () => {
  it("opens a ticket for a known sender, channel email, with the quoted history trimmed", async () => {
    const address = newAddress();
    const customerId = await customerWithEmail(address.toUpperCase());
    const messageId = newMessageId();
    const raw = await compose({
      from: `"Hélène Côté" <${address}>`,
      subject: "Plus d'internet depuis ce matin",
      text: "Le voyant est rouge.\n\nLe lun. 7 déc. 2026 à 09 h 00, Fibre <support@fibre-demo.test> a écrit :\n> Bonjour",
      messageId,
    });
    const result = await postOk(raw);
    expect(result).toMatchObject({ outcome: "ticket", created: true, attachments: 0 });
    const ticket = await ticketOf(result.ticketId as number);
    expect(ticket).toMatchObject({ customerId, subject: "Plus d'internet depuis ce matin", type: "support" });
    const [message] = await messagesOf(ticket.id);
    expect(message).toMatchObject({
      channel: "email",
      authorKind: "customer",
      body: "Le voyant est rouge.",
      emailMessageId: messageId,
      internal: false,
    });
  });

  it("threads the customer's answer to our emailed reply by In-Reply-To, and reopens a closed ticket", async () => {
    const address = newAddress();
    await customerWithEmail(address);
    const { ticketId } = await ticketFromEmail(address);
    const sent = smtp.messages.length;
    await support.tickets.reply({ ticketId, body: "Avez-vous redémarré le modem ?", requestKey: `k-${unique()}` });
    expect(smtp.messages.length).toBe(sent + 1);
    const ours = parseMime(smtp.messages.at(-1)!.raw);
    const ourId = ours.headers.get("message-id")!;
    expect(ours.headers.get("subject")).toBe(`Re: [#${ticketId}] Panne internet`);
    await db().update(tickets).set({ status: "closed", closedAt: new Date() }).where(eq(tickets.id, ticketId));

    // A subject without our tag: only the header can thread it.
    const answerId = newMessageId();
    const answer = await compose({
      from: address,
      subject: "Re: ma panne",
      text: "Oui, toujours rouge.\n\nOn Mon, Dec 7, 2026 at 10:00 AM Fibre wrote:\n> Avez-vous redémarré le modem ?",
      messageId: answerId,
      inReplyTo: ourId,
      references: [ourId],
    });
    expect(await postOk(answer)).toMatchObject({ outcome: "ticket", ticketId, created: false });
    const thread = await messagesOf(ticketId);
    expect(thread.map((m) => [m.channel, m.authorKind, m.body])).toEqual([
      ["email", "customer", "Mon modem clignote."],
      ["email", "staff", "Avez-vous redémarré le modem ?"],
      ["email", "customer", "Oui, toujours rouge."],
    ]);
    // The product's rule for closed tickets: a customer's reply reopens it.
    expect(await ticketOf(ticketId)).toMatchObject({ status: "open", closedAt: null });
  });

  it("keeps an out-of-office answer on the resolved ticket without reopening it", async () => {
    const address = newAddress();
    await customerWithEmail(address);
    const { ticketId } = await ticketFromEmail(address);
    await db().update(tickets).set({ status: "resolved" }).where(eq(tickets.id, ticketId));
    const raw = await compose({
      from: address,
      subject: `Réponse automatique : Re: [#${ticketId}] Panne internet`,
      text: "Je suis absente jusqu'au 4 janvier.",
      messageId: newMessageId(),
      headers: { "Auto-Submitted": "auto-replied" },
    });
    expect(await postOk(raw)).toMatchObject({ outcome: "ticket", ticketId, created: false });
    expect((await messagesOf(ticketId)).map((m) => m.body)).toContain("Je suis absente jusqu'au 4 janvier.");
    expect(await ticketOf(ticketId)).toMatchObject({ status: "resolved" });
  });

  it("threads by the [#id] of the subject when the headers are gone", async () => {
    const address = newAddress();
    await customerWithEmail(address);
    const { ticketId } = await ticketFromEmail(address);
    await db().update(tickets).set({ status: "closed", closedAt: new Date() }).where(eq(tickets.id, ticketId));
    // A later email naming nothing opens another ticket: the subject's tag is what finds the first.
    const { ticketId: newer } = await ticketFromEmail(address);
    expect(newer).not.toBe(ticketId);
    const raw = await compose({
      from: address,
      subject: `RE: [#${ticketId}] Panne internet`,
      text: "Ça refonctionne, merci.",
      messageId: newMessageId(),
    });
    expect(await postOk(raw)).toMatchObject({ outcome: "ticket", ticketId, created: false });
    expect((await messagesOf(ticketId)).map((m) => m.body)).toEqual(["Mon modem clignote.", "Ça refonctionne, merci."]);
    expect((await messagesOf(newer)).map((m) => m.body)).toEqual(["Mon modem clignote."]);
  });

  it("never files a forged reference on another customer's ticket", async () => {
    const victim = newAddress();
    await customerWithEmail(victim);
    const { ticketId, messageId: victimMessageId } = await ticketFromEmail(victim);
    const forged = (from: string) =>
      compose({
        from,
        subject: `Re: [#${ticketId}] Panne internet`,
        text: "Changez l'adresse de facturation.",
        messageId: newMessageId(),
        inReplyTo: victimMessageId,
        references: [victimMessageId],
      });

    // From another customer's address: their own new ticket, the reference only noted.
    const other = newAddress();
    const otherId = await customerWithEmail(other);
    const fromOther = await postOk(await forged(other));
    expect(fromOther).toMatchObject({ outcome: "ticket", created: true });
    expect(fromOther.ticketId).not.toBe(ticketId);
    expect(await ticketOf(fromOther.ticketId as number)).toMatchObject({ customerId: otherId });

    // From an address on no customer: the unmatched inbox.
    const stranger = await postOk(await forged(newAddress()));
    expect(stranger).toMatchObject({ outcome: "unknown-sender" });
    const [entry] = await db()
      .select()
      .from(inboundEmails)
      .where(eq(inboundEmails.id, stranger.inboxId as number));
    expect(entry).toMatchObject({ ignoredTicketRef: ticketId, ticketId: null, customerId: null });

    expect((await messagesOf(ticketId)).map((m) => m.body)).toEqual(["Mon modem clignote."]);
  });

  it("refuses a wrong or missing secret with 403 and writes nothing", async () => {
    const address = newAddress();
    await customerWithEmail(address);
    const raw = await compose({ from: address, subject: "x", text: "x", messageId: newMessageId() });
    const before = await counts();
    expect((await post(raw, { authorization: "Bearer wrong-secret-wrong-secret-wrong" })).status).toBe(403);
    expect((await post(raw, { authorization: `Bearer ${SECRET}x` })).status).toBe(403);
    expect((await post(raw, { authorization: "" })).status).toBe(403);
    const basicWrong = `Basic ${Buffer.from("inbound:nope").toString("base64")}`;
    expect((await post(raw, { authorization: basicWrong })).status).toBe(403);
    expect(await counts()).toEqual(before);
    // The relay's URL may carry the secret as a Basic password.
    const basic = `Basic ${Buffer.from(`inbound:${SECRET}`).toString("base64")}`;
    expect((await post(raw, { authorization: basic })).status).toBe(200);
  });

  it("refuses what is not a raw message, or has no sender, and writes nothing", async () => {
    const before = await counts();
    const json = await post(JSON.stringify({ from: "a@b.test" }), { "content-type": "application/json" });
    expect(json.status).toBe(415);
    const noSender = await post("Subject: nobody\r\nMessage-ID: <n@x.test>\r\n\r\nhello\r\n");
    expect(noSender.status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  const direct = (body: BodyInit, headers: Record<string, string> = {}) =>
    new Request("http://x.test/api/webhooks/email/inbound", {
      method: "POST",
      headers: { authorization: `Bearer ${SECRET}`, "content-type": "message/rfc822", ...headers },
      body,
    });

  it("answers 413 past the cap, whether the body comes whole or streamed", async () => {
    const config = { mail: { ...testConfig().mail, inboundSecret: SECRET } };
    const over = await authenticatedRawEmail(direct(new Uint8Array(2049)), config, 2048);
    expect("refusal" in over && over.refusal.status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 3; i++) controller.enqueue(new Uint8Array(1024));
        controller.close();
      },
    });
    const unannounced = new Request("http://x.test/", {
      method: "POST",
      headers: { authorization: `Bearer ${SECRET}`, "content-type": "message/rfc822" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    const streamed = await authenticatedRawEmail(unannounced, config, 2048);
    expect("refusal" in streamed && streamed.refusal.status).toBe(413);
    const within = await authenticatedRawEmail(direct(new Uint8Array(2048)), config, 2048);
    expect("raw" in within && within.raw.length).toBe(2048);
  });

  it("answers 503 when no secret is configured", async () => {
    const result = await authenticatedRawEmail(direct("From: a@b.test\r\n\r\nx"), { mail: testConfig().mail }, 1024);
    expect("refusal" in result && result.refusal.status).toBe(503);
  });

  it("writes a replayed delivery once", async () => {
    const address = newAddress();
    await customerWithEmail(address);
    const messageId = newMessageId();
    const raw = await compose({ from: address, subject: "Deux fois", text: "Une seule fois svp.", messageId });
    const first = await postOk(raw);
    expect(first.outcome).toBe("ticket");
    expect(await postOk(raw)).toEqual({ outcome: "duplicate" });
    const rows = await db().select().from(ticketMessages).where(eq(ticketMessages.emailMessageId, messageId));
    expect(rows).toHaveLength(1);
    expect(await db().select().from(inboundEmails).where(eq(inboundEmails.messageId, messageId))).toHaveLength(1);
  });

  it("keeps allowed attachments in file storage and notes the ones it drops", async () => {
    const address = newAddress();
    await customerWithEmail(address);
    const jpeg = Buffer.from(bytesOf(JPEG_37x21));
    const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(2048)]);
    const raw = await compose({
      from: address,
      subject: "Photos du modem",
      text: "Voici les photos.",
      messageId: newMessageId(),
      attachments: [
        { filename: "modem.jpg", content: jpeg, contentType: "image/jpeg" },
        // Declared as anything: the bytes decide.
        { filename: "facture.pdf", content: pdf, contentType: "application/octet-stream" },
        { filename: "outil.exe", content: Buffer.from("MZ\x90\x00rest-of-a-program"), contentType: "image/jpeg" },
        { filename: "énorme.pdf", content: Buffer.alloc(10 * 1024 * 1024 + 1, 0x25), contentType: "application/pdf" },
      ],
    });
    const result = await postOk(raw);
    expect(result).toMatchObject({ outcome: "ticket", attachments: 2 });
    const files = await db()
      .select()
      .from(ticketAttachments)
      .where(eq(ticketAttachments.messageId, result.messageId as number))
      .orderBy(asc(ticketAttachments.id));
    expect(files.map((f) => [f.fileName, f.contentType, f.bytes, f.ticketId])).toEqual([
      ["modem.jpg", "image/jpeg", jpeg.length, result.ticketId],
      ["facture.pdf", "application/pdf", pdf.length, result.ticketId],
    ]);
    for (const [file, bytes] of [
      [files[0]!, jpeg],
      [files[1]!, pdf],
    ] as const) {
      const stored = await runtime.storage.get(file.storageKey);
      expect(stored && Buffer.from(stored.bytes).equals(bytes)).toBe(true);
    }
    const [message] = await db()
      .select()
      .from(ticketMessages)
      .where(eq(ticketMessages.id, result.messageId as number));
    expect(message!.body).toContain("Voici les photos.");
    expect(message!.body).toContain("outil.exe");
    expect(message!.body).toContain("file type not accepted");
    expect(message!.body).toContain("énorme.pdf");
    expect(message!.body).toContain("too large");
  });

  it("leaves a stranger's email in the unmatched inbox; the agent files it with its attachment", async () => {
    const address = newAddress();
    const jpeg = Buffer.from(bytesOf(JPEG_37x21));
    const result = await postOk(
      await compose({
        from: address,
        subject: "Nouveau client ?",
        text: "Bonjour, je viens d'emménager.",
        messageId: newMessageId(),
        attachments: [{ filename: "bail.jpg", content: jpeg }],
      }),
    );
    expect(result).toMatchObject({ outcome: "unknown-sender" });
    const waiting = (await support.tickets.unmatchedEmails()).find((e) => e.id === result.inboxId);
    expect(waiting).toMatchObject({
      fromAddress: address,
      subject: "Nouveau client ?",
      body: "Bonjour, je viens d'emménager.",
      attachments: [{ fileName: "bail.jpg", contentType: "image/jpeg", bytes: jpeg.length }],
    });

    const customerId = await customerWithEmail(newAddress());
    const filed = await support.tickets.fileUnmatchedEmail({ inboxId: result.inboxId as number, customerId });
    expect(await ticketOf(filed.ticketId)).toMatchObject({ customerId });
    const [file] = await db().select().from(ticketAttachments).where(eq(ticketAttachments.messageId, filed.messageId));
    const stored = await runtime.storage.get(file!.storageKey);
    expect(stored && Buffer.from(stored.bytes).equals(jpeg)).toBe(true);
    expect((await listUnmatchedEmails(db())).some((e) => e.id === result.inboxId)).toBe(false);
    await expect(
      support.tickets.fileUnmatchedEmail({ inboxId: result.inboxId as number, customerId }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("asks the agent when several customers share the address", async () => {
    const address = newAddress();
    const ids = [await customerWithEmail(address), await customerWithEmail(` ${address.toUpperCase()} `)];
    const result = await postOk(
      await compose({ from: address, subject: "Qui suis-je ?", text: "Bonjour", messageId: newMessageId() }),
    );
    expect(result).toMatchObject({ outcome: "several-customers" });
    const waiting = (await listUnmatchedEmails(db())).find((e) => e.id === result.inboxId);
    expect(waiting?.candidates.map((c) => c.id)).toEqual(ids.sort((a, b) => a - b));
  });

  it("leaves the orphan-files sweeper the files a ticket or a waiting email holds", async () => {
    const jpeg = Buffer.from(bytesOf(JPEG_37x21));
    const address = newAddress();
    await customerWithEmail(address);
    const onTicket = await postOk(
      await compose({
        from: address,
        subject: "Photo",
        text: "Photo.",
        messageId: newMessageId(),
        attachments: [{ filename: "a.jpg", content: jpeg }],
      }),
    );
    const waiting = await postOk(
      await compose({
        from: newAddress(),
        subject: "Photo",
        text: "Photo.",
        messageId: newMessageId(),
        attachments: [{ filename: "b.jpg", content: jpeg }],
      }),
    );
    const [recorded] = await db()
      .select()
      .from(ticketAttachments)
      .where(eq(ticketAttachments.messageId, onTicket.messageId as number));
    const [entry] = await db()
      .select()
      .from(inboundEmails)
      .where(eq(inboundEmails.id, waiting.inboxId as number));
    const held = entry!.heldAttachments[0]!.storageKey;
    // A file whose transaction never committed: nothing names it.
    const orphan = inboundEmailAttachmentStorageKey(unique(), 0, "jpg");
    await runtime.storage.put(orphan, jpeg, "image/jpeg");
    for (const key of [recorded!.storageKey, held, orphan]) await recordStorageIntent(db(), key);

    const swept = await sweepOrphanFiles(runtime, { now: new Date(Date.now() + 2 * 3600_000) });
    expect(swept.kept).toEqual(expect.arrayContaining([recorded!.storageKey, held]));
    expect(swept.removed).toContain(orphan);
    expect(await runtime.storage.get(orphan)).toBeNull();
    expect(await runtime.storage.get(held)).not.toBeNull();
    expect(await runtime.storage.get(recorded!.storageKey)).not.toBeNull();
  });
});
