import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { and, count, eq, sql } from "drizzle-orm";
import { auditLog, storageIntents, ticketAttachments, ticketMessages } from "@/server/db/schema";
import { setRuntime } from "@/server/runtime";
import { LocalDiskStorage, ticketAttachmentStorageKey } from "@/server/storage";
import { sweepOrphanFiles } from "@/server/services/sweepers/orphan-files";
import { recordStorageIntent } from "@/server/services/sweepers/storage-intents";
import { POST as uploadRoute } from "@/app/api/portal/tickets/[ticketId]/messages/[messageId]/photos/route";
import { GET as downloadRoute } from "@/app/api/tickets/attachments/[id]/route";
import { bytesOf, JPEG_37x21, PNG_37x21 } from "@/lib/domain/media/sample-images";
import { PHOTO_LIMITS } from "@/lib/domain/media/image";
import { MAX_PHOTOS_PER_MESSAGE } from "@/lib/domain/ticket-desk/attachments";
import { callerAs, createSeededRuntime, signIn, TEST_BASE_URL, type TestRuntime } from "../support/test-runtime";

/**
 * Photos on portal tickets through the real route handlers, signed in as both demo customers and
 * the demo staff: an upload stored once per key, refused before anything is stored when the
 * ticket is not the caller's or the file is not an acceptable photo, and downloads scoped to the
 * ticket's customer (public messages only) and staff who read tickets. The threads show the files.
 */
let runtime: TestRuntime;
const session: Record<string, Headers> = {};
let customer: Awaited<ReturnType<typeof callerAs>>;
let customer2: Awaited<ReturnType<typeof callerAs>>;
let support: Awaited<ReturnType<typeof callerAs>>;
const db = () => runtime.database.db;

type Upload = { as?: string; key?: string | null; type?: string; name?: string; language?: string };

function upload(ticketId: number, messageId: number, body: Uint8Array | string, options: Upload = {}) {
  const headers = new Headers(options.as ? session[options.as] : {});
  if (options.key !== null) headers.set("idempotency-key", options.key ?? randomUUID());
  headers.set("content-type", options.type ?? "image/jpeg");
  headers.set("accept-language", options.language ?? "fr-CA");
  if (options.name) headers.set("x-file-name", encodeURIComponent(options.name));
  const request = new Request(`${TEST_BASE_URL}/api/portal/tickets/${ticketId}/messages/${messageId}/photos`, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : new Uint8Array(body),
  });
  return uploadRoute(request, {
    params: Promise.resolve({ ticketId: String(ticketId), messageId: String(messageId) }),
  });
}

const download = (id: number, as?: string) =>
  downloadRoute(new Request(`${TEST_BASE_URL}/api/tickets/attachments/${id}`, { headers: as ? session[as] : {} }), {
    params: Promise.resolve({ id: String(id) }),
  });

const stored = async () => ({
  rows: (await db().select({ n: count() }).from(ticketAttachments))[0]!.n,
  intents: (await db().select({ n: count() }).from(storageIntents))[0]!.n,
});

/** A fresh ticket of the customer, with its first message: where the browser sends photos next. */
async function openTicket(as: typeof customer, subject = "Photos du modem") {
  return as.caller.portalTickets.open({
    subject,
    type: "support",
    body: "Le voyant clignote en rouge.",
    requestKey: randomUUID().replaceAll("-", ""),
  });
}

const refusal = async (response: Response) =>
  ((await response.json()) as { error: { code: string; message: string; reason?: string } }).error;

beforeAll(async () => {
  runtime = await createSeededRuntime();
  setRuntime(runtime);
  for (const [name, realm, email] of [
    ["customer", "customer", "customer@demo.test"],
    ["customer2", "customer", "customer2@demo.test"],
    ["support", "staff", "support@demo.test"],
    ["billing", "staff", "billing@demo.test"],
    ["technician", "staff", "technician@demo.test"],
  ] as const) {
    const { status, headers } = await signIn(runtime, realm, email);
    expect(status).toBe(200);
    session[name] = headers;
  }
  customer = await callerAs(runtime, "customer", "customer@demo.test");
  customer2 = await callerAs(runtime, "customer", "customer2@demo.test");
  support = await callerAs(runtime, "staff", "support@demo.test");
}, 180_000);
afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  await runtime?.close();
});

describe("a customer's photo on their own ticket", () => {
  it("is stored once per upload key, even sent twice at once and again later, and audited", async () => {
    const { ticketId, messageId } = await openTicket(customer);
    const put = vi.spyOn(LocalDiskStorage.prototype, "put");
    const key = randomUUID();
    const photo = bytesOf(JPEG_37x21);
    const send = () => upload(ticketId, messageId, photo, { as: "customer", key, name: "IMG_2041.JPG" });
    const first = await Promise.all([send(), send()]);
    expect(first.map((r) => r.status).sort()).toEqual([200, 201]);
    const [a, b] = (await Promise.all(first.map((r) => r.json()))) as [{ id: number }, unknown];
    expect(a).toEqual(b);
    expect(a).toEqual({
      id: expect.any(Number),
      fileName: "IMG_2041.jpg",
      contentType: "image/jpeg",
      bytes: photo.length,
      url: `/api/tickets/attachments/${a.id}`,
      image: true,
    });
    const later = await send();
    expect(later.status).toBe(200);
    expect(await later.json()).toEqual(a);

    expect(put).toHaveBeenCalledTimes(1);
    const storageKey = ticketAttachmentStorageKey(ticketId, `portal-${key}`, "jpg");
    expect(await db().select().from(ticketAttachments).where(eq(ticketAttachments.ticketId, ticketId))).toEqual([
      expect.objectContaining({ id: a.id, messageId, storageKey, fileName: "IMG_2041.jpg", bytes: photo.length }),
    ]);
    expect(await runtime.storage.get(storageKey)).toMatchObject({ bytes: photo });
    // The commit took the intent with it: nothing for the sweeper.
    expect(await db().select().from(storageIntents).where(eq(storageIntents.storageKey, storageKey))).toEqual([]);
    const audits = await db()
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, "ticket.attachment"),
          eq(auditLog.entityType, "ticket"),
          eq(auditLog.entityId, String(ticketId)),
        ),
      );
    expect(audits).toEqual([expect.objectContaining({ actorRealm: "customer" })]);
  });

  it("goes on a reply too, and both threads show it; the portal never shows an internal note's file", async () => {
    const { ticketId } = await openTicket(customer);
    const reply = await customer.caller.portalTickets.reply({
      ticketId,
      body: "Voici une autre vue.",
      requestKey: randomUUID().replaceAll("-", ""),
    });
    const sent = await upload(ticketId, reply.messageId, bytesOf(PNG_37x21), { as: "customer", type: "image/png" });
    expect(sent.status).toBe(201);
    const photo = (await sent.json()) as { id: number };

    // An internal note with a file (as an email's attachment would be recorded), straight in the table.
    const note = await support.caller.tickets.note({
      ticketId,
      body: "Photo du technicien, interne.",
      requestKey: randomUUID().replaceAll("-", ""),
    });
    const hiddenKey = ticketAttachmentStorageKey(ticketId, `test-${randomUUID()}`, "jpg");
    await runtime.storage.put(hiddenKey, bytesOf(JPEG_37x21), "image/jpeg");
    const [hidden] = await db()
      .insert(ticketAttachments)
      .values({
        ticketId,
        messageId: note.messageId,
        storageKey: hiddenKey,
        fileName: "interne.jpg",
        contentType: "image/jpeg",
        bytes: 10,
      })
      .returning();

    const portal = await customer.caller.portalTickets.get({ ticketId });
    const shown = portal.messages.flatMap((m) => m.attachments.map((f) => f.id));
    expect(shown).toEqual([photo.id]);
    expect(portal.messages.find((m) => m.id === reply.messageId)?.attachments).toEqual([
      expect.objectContaining({ id: photo.id, fileName: "photo.png", image: true }),
    ]);
    expect(JSON.stringify(portal)).not.toContain("interne.jpg");

    const workspace = await support.caller.tickets.workspace({ ticketId });
    expect(workspace.messages.flatMap((m) => m.attachments.map((f) => f.id)).sort()).toEqual(
      [photo.id, hidden!.id].sort(),
    );
    expect((await download(hidden!.id, "customer")).status).toBe(404);
    expect((await download(hidden!.id, "support")).status).toBe(200);
  });

  it("refuses another customer's ticket with 404 before reading the photo, and stores nothing", async () => {
    const { ticketId, messageId } = await openTicket(customer);
    const before = await stored();
    const response = await upload(ticketId, messageId, bytesOf(JPEG_37x21), { as: "customer2" });
    expect(response.status).toBe(404);
    expect((await refusal(response)).code).toBe("not_found");
    // The other customer's own message id on the first customer's ticket is just as unknown.
    const own = await openTicket(customer2);
    expect((await upload(ticketId, own.messageId, bytesOf(JPEG_37x21), { as: "customer2" })).status).toBe(404);
    expect((await upload(own.ticketId, messageId, bytesOf(JPEG_37x21), { as: "customer2" })).status).toBe(404);
    expect(await stored()).toEqual(before);
  });

  it("refuses a wrong type or a file too big with a sentence in the customer's language, and stores nothing", async () => {
    const { ticketId, messageId } = await openTicket(customer);
    const before = await stored();
    const put = vi.spyOn(LocalDiskStorage.prototype, "put");
    const pdf = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n");
    const tooBig = new Uint8Array(PHOTO_LIMITS.maxBytes + 1);
    tooBig.set(bytesOf(JPEG_37x21));
    const cases: [Parameters<typeof upload>[2], Upload, number, string, RegExp][] = [
      [pdf, { type: "application/pdf" }, 415, "not_an_image", /JPG, PNG, WEBP/],
      [pdf, { type: "image/jpeg" }, 415, "not_an_image", /JPG, PNG, WEBP/],
      [bytesOf(PNG_37x21), { type: "image/jpeg" }, 415, "type_mismatch", /image\/png/],
      ["<svg xmlns='http://www.w3.org/2000/svg'/>", { type: "image/svg+xml" }, 415, "not_an_image", /JPG/],
      [tooBig, {}, 413, "too_large", /5 MB/],
      [new Uint8Array(), {}, 400, "empty", /./],
    ];
    for (const [body, options, status, reason, words] of cases) {
      for (const language of ["fr-CA", "en-CA"]) {
        const response = await upload(ticketId, messageId, body, { as: "customer", language, ...options });
        expect(response.status, `${reason} (${language})`).toBe(status);
        const error = await refusal(response);
        expect(error.reason).toBe(reason);
        expect(error.message).toMatch(words);
      }
    }
    const fr = await refusal(await upload(ticketId, messageId, tooBig, { as: "customer", language: "fr-CA" }));
    const en = await refusal(await upload(ticketId, messageId, tooBig, { as: "customer", language: "en-CA" }));
    expect(fr.message).not.toBe(en.message);
    expect(en.message).toBe("The image is larger than 5 MB.");

    expect(put).not.toHaveBeenCalled();
    expect(await stored()).toEqual(before);
  });

  it("refuses without a key, on a staff reply, on an internal note, past the hour and past the cap", async () => {
    const { ticketId, messageId } = await openTicket(customer);
    const photo = bytesOf(JPEG_37x21);
    const noKey = await upload(ticketId, messageId, photo, { as: "customer", key: null });
    expect(noKey.status).toBe(400);

    const staffReply = await support.caller.tickets.reply({
      ticketId,
      body: "Pouvez-vous redémarrer le modem ?",
      requestKey: randomUUID().replaceAll("-", ""),
    });
    const onStaff = await upload(ticketId, staffReply.messageId, photo, { as: "customer", language: "en" });
    expect(onStaff.status).toBe(403);
    expect((await refusal(onStaff)).message).toBe("Photos go on your own messages only.");

    const note = await support.caller.tickets.note({
      ticketId,
      body: "Note interne",
      requestKey: randomUUID().replaceAll("-", ""),
    });
    expect((await upload(ticketId, note.messageId, photo, { as: "customer" })).status).toBe(404);

    for (let i = 0; i < MAX_PHOTOS_PER_MESSAGE; i++)
      expect((await upload(ticketId, messageId, photo, { as: "customer" })).status).toBe(201);
    const full = await upload(ticketId, messageId, photo, { as: "customer", language: "en" });
    expect(full.status).toBe(409);
    expect((await refusal(full)).message).toContain(`at most ${MAX_PHOTOS_PER_MESSAGE} photos`);

    const old = await openTicket(customer);
    await db()
      .update(ticketMessages)
      .set({ createdAt: sql`now() - interval '2 hours'` })
      .where(eq(ticketMessages.id, old.messageId));
    const late = await upload(old.ticketId, old.messageId, photo, { as: "customer", language: "fr" });
    expect(late.status).toBe(409);
    expect((await refusal(late)).message).toContain("plus d’une heure");
  });

  it("is refused to staff and to nobody signed in", async () => {
    const { ticketId, messageId } = await openTicket(customer);
    expect((await upload(ticketId, messageId, bytesOf(JPEG_37x21), { as: "support" })).status).toBe(403);
    expect((await upload(ticketId, messageId, bytesOf(JPEG_37x21))).status).toBe(401);
  });

  it("leaves no file behind when its transaction fails after the write: the sweeper removes it", async () => {
    const { ticketId, messageId } = await openTicket(customer);
    const key = randomUUID();
    const storageKey = ticketAttachmentStorageKey(ticketId, `portal-${key}`, "jpg");
    const storage = runtime.storage;
    const original = storage.put.bind(storage);
    vi.spyOn(storage, "put").mockImplementationOnce(async (...args) => {
      await original(...args);
      throw new Error("connection lost after the write");
    });
    const failed = await upload(ticketId, messageId, bytesOf(JPEG_37x21), { as: "customer", key });
    expect(failed.status).toBe(500);
    expect(await runtime.storage.get(storageKey)).not.toBeNull();
    expect(await db().select().from(ticketAttachments).where(eq(ticketAttachments.storageKey, storageKey))).toEqual([]);
    const later = new Date(Date.now() + 61 * 60_000);
    expect((await sweepOrphanFiles(runtime, { now: later })).removed).toContain(storageKey);
    expect(await runtime.storage.get(storageKey)).toBeNull();

    // A retry of the same key stores it again, and a replay's leftover intent never removes a recorded file.
    expect((await upload(ticketId, messageId, bytesOf(JPEG_37x21), { as: "customer", key })).status).toBe(201);
    await recordStorageIntent(db(), storageKey);
    const swept = await sweepOrphanFiles(runtime, { now: new Date(Date.now() + 61 * 60_000) });
    expect(swept.kept).toContain(storageKey);
    expect(await runtime.storage.get(storageKey)).not.toBeNull();
  });
});

describe("downloading a ticket's file", () => {
  let photoOf1: number;
  let photoOf2: number;
  beforeAll(async () => {
    const mine = await openTicket(customer, "Photo client 1");
    const theirs = await openTicket(customer2, "Photo client 2");
    const name = 'mon "modem" été.jpg';
    const a = await upload(mine.ticketId, mine.messageId, bytesOf(JPEG_37x21), { as: "customer", name });
    const b = await upload(theirs.ticketId, theirs.messageId, bytesOf(JPEG_37x21), { as: "customer2" });
    photoOf1 = ((await a.json()) as { id: number }).id;
    photoOf2 = ((await b.json()) as { id: number }).id;
  });

  it("gives each demo customer their own photo, inline, with a safe name and nosniff", async () => {
    for (const [as, id] of [
      ["customer", photoOf1],
      ["customer2", photoOf2],
    ] as const) {
      const response = await download(id, as);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/jpeg");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytesOf(JPEG_37x21));
    }
    const disposition = (await download(photoOf1, "customer")).headers.get("content-disposition")!;
    expect(disposition).toBe(
      `inline; filename="mon _modem_ _t_.jpg"; filename*=UTF-8''mon%20_modem_%20%C3%A9t%C3%A9.jpg`,
    );
  });

  it("answers 404 to the other customer, whatever the id", async () => {
    expect((await download(photoOf1, "customer2")).status).toBe(404);
    expect((await download(photoOf2, "customer")).status).toBe(404);
    expect((await download(2_000_000_000, "customer")).status).toBe(404);
  });

  it("gives staff who read tickets any file, refuses other roles and nobody signed in", async () => {
    for (const as of ["support", "billing"]) {
      expect((await download(photoOf1, as)).status).toBe(200);
      expect((await download(photoOf2, as)).status).toBe(200);
    }
    expect((await download(photoOf1, "technician")).status).toBe(403);
    expect((await download(photoOf1)).status).toBe(401);
  });

  it("offers a file that is not a checked image as a download, never to be rendered", async () => {
    const { ticketId, messageId } = await openTicket(customer);
    const storageKey = ticketAttachmentStorageKey(ticketId, `test-${randomUUID()}`, "html");
    await runtime.storage.put(storageKey, new TextEncoder().encode("<script>alert(1)</script>"), "text/html");
    const [row] = await db()
      .insert(ticketAttachments)
      .values({ ticketId, messageId, storageKey, fileName: "facture.html", contentType: "text/html", bytes: 25 })
      .returning();
    const response = await download(row!.id, "customer");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="facture.html"/);
    expect(response.headers.get("content-security-policy")).toContain("sandbox");
  });
});
