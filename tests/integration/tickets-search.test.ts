import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { customers, ticketMessages, tickets, ticketSearchDocuments } from "@/server/db/schema";
import { HIT_END, HIT_START } from "@/lib/domain/ticket-search";
import { RECENT_WINDOW } from "@/server/services/tickets/search-tickets";
import { callerAs, createSeededRuntime, type TestRuntime } from "../support/test-runtime";

let runtime: TestRuntime;
let support: Awaited<ReturnType<typeof callerAs>>["caller"];
const db = () => runtime.database.db;
const ids = (r: { items: Array<{ id: number }> }) => r.items.map((i) => i.id);
const hits = (s: string | null | undefined) =>
  [...(s ?? "").matchAll(new RegExp(`${HIT_START}([^${HIT_END}]*)${HIT_END}`, "g"))].map((m) => m[1]);

let customerA: number;
let customerB: number;
const made: Record<string, number> = {};

async function ticket(
  key: string,
  subject: string,
  messages: Array<{ body: string; internal?: boolean }>,
  values: Partial<typeof tickets.$inferInsert> = {},
) {
  const [row] = await db()
    .insert(tickets)
    .values({ subject, type: "repair", customerId: customerA, ...values })
    .returning();
  for (const [i, m] of messages.entries())
    await db()
      .insert(ticketMessages)
      .values({
        ticketId: row!.id,
        channel: m.internal ? "note" : "email",
        authorKind: m.internal ? "staff" : "customer",
        authorName: "Test",
        body: m.body,
        internal: m.internal ?? false,
        createdAt: new Date(row!.createdAt.getTime() + (i + 1) * 60_000),
      });
  made[key] = row!.id;
}

beforeAll(async () => {
  runtime = await createSeededRuntime();
  ({ caller: support } = await callerAs(runtime, "staff", "support@demo.test"));
  const two = await db().select({ id: customers.id }).from(customers).orderBy(customers.id).limit(2);
  [customerA, customerB] = [two[0]!.id, two[1]!.id];
  const old = new Date("2026-01-10T15:00:00Z");
  const newer = new Date("2026-06-10T15:00:00Z");
  // Words the demo data never uses, so each search below finds only these tickets.
  await ticket(
    "hail",
    "Dommages causés par les grêlons",
    [{ body: "Le câble a été arraché par la tempête de grêle." }],
    { createdAt: old },
  );
  await ticket("squirrels", "Squirrels chewed the drop cable", [
    { body: "The squirrels keep chewing the fibre drop near the barn." },
  ]);
  await ticket("bodyOnly", "Suivi", [{ body: "Encore des grêlons ce matin, le boîtier est fendu." }], {
    createdAt: newer,
  });
  await ticket("note", "Visite", [{ body: "Client rappelé pour le xylophoniste, pas de réponse.", internal: true }]);
  await ticket("twinOld", "Marmotte sous la galerie", [], { createdAt: old });
  await ticket("twinNew", "Marmotte sous la galerie", [], { createdAt: newer });
  await ticket("otherCustomer", "Grêlons sur la toiture", [], { customerId: customerB });
});
afterAll(() => runtime?.close());

describe("full-text ticket search", () => {
  it("finds French words without their accents, and stems (grelons → grêlons)", async () => {
    const result = await support.tickets.search({ q: "grelons", customerId: customerA });
    expect(ids(result)).toEqual(expect.arrayContaining([made.hail, made.bodyOnly]));
    const hail = result.items.find((i) => i.id === made.hail)!;
    expect(hits(hail.subjectHighlight)).toEqual(["grêlons"]);
  });

  it("stems French: « arrachés » finds « arraché » in a message, with the word highlighted in the snippet", async () => {
    const result = await support.tickets.search({ q: "arrachés tempete" });
    expect(ids(result)).toEqual([made.hail]);
    expect(result.items[0]!.snippet).toContain("câble");
    expect(hits(result.items[0]!.snippet)).toEqual(expect.arrayContaining(["arraché", "tempête"]));
    expect(result.items[0]!.snippetInternal).toBe(false);
  });

  it("stems English: « squirrel chewing » finds « squirrels chewed »", async () => {
    const result = await support.tickets.search({ q: "squirrel chewing" });
    expect(ids(result)).toEqual([made.squirrels]);
    expect(hits(result.items[0]!.subjectHighlight)).toEqual(["Squirrels", "chewed"]);
    expect(hits(result.items[0]!.snippet)).toEqual(expect.arrayContaining(["squirrels", "chewing"]));
  });

  it("requires every word", async () => {
    expect(ids(await support.tickets.search({ q: "grêlons squirrels" }))).toEqual([]);
  });

  it("ranks a subject match above a body match, then the newer of two equal matches first", async () => {
    const byRank = ids(await support.tickets.search({ q: "grêlons", customerId: customerA }));
    expect(byRank.indexOf(made.hail!)).toBeLessThan(byRank.indexOf(made.bodyOnly!));
    expect(ids(await support.tickets.search({ q: "marmotte galerie" }))).toEqual([made.twinNew, made.twinOld]);
  });

  it("pages by keyset without losing or repeating a result", async () => {
    const first = await support.tickets.search({ q: "marmotte", limit: 1 });
    expect(first.nextCursor).not.toBeNull();
    const second = await support.tickets.search({ q: "marmotte", limit: 1, cursor: first.nextCursor! });
    expect([...ids(first), ...ids(second)]).toEqual([made.twinNew, made.twinOld]);
    expect(second.nextCursor).toBeNull();
  });

  it("searches internal notes, and says the snippet is one", async () => {
    const result = await support.tickets.search({ q: "xylophoniste" });
    expect(ids(result)).toEqual([made.note]);
    expect(result.items[0]!.snippetInternal).toBe(true);
  });

  it("keeps to one customer's tickets when asked", async () => {
    expect(ids(await support.tickets.search({ q: "toiture", customerId: customerA }))).toEqual([]);
    expect(ids(await support.tickets.search({ q: "toiture", customerId: customerB }))).toEqual([made.otherCustomer]);
  });

  it("follows edits: a new message and a new subject are searchable at once", async () => {
    await db().insert(ticketMessages).values({
      ticketId: made.squirrels!,
      channel: "email",
      authorKind: "customer",
      authorName: "T",
      body: "Now a raccoon too.",
    });
    expect(ids(await support.tickets.search({ q: "raccoons" }))).toEqual([made.squirrels]);
    await db().update(tickets).set({ subject: "Castors dans le fossé" }).where(eq(tickets.id, made.twinOld!));
    expect(ids(await support.tickets.search({ q: "castor fosse" }))).toEqual([made.twinOld]);
    expect(ids(await support.tickets.search({ q: "marmotte" }))).toEqual([made.twinNew]);
    const [doc] = await db()
      .select()
      .from(ticketSearchDocuments)
      .where(eq(ticketSearchDocuments.ticketId, made.twinOld!));
    expect(doc!.createdAt.toISOString()).toBe("2026-01-10T15:00:00.000Z");
  });

  it("finds a message match older than the window of newest tickets it looks through first", async () => {
    await ticket("ancient", "Vieux dossier", [{ body: "Un ornithorynque dans la boîte de jonction." }], {
      createdAt: new Date("2001-02-03T15:00:00Z"),
    });
    // Enough newer tickets that the oldest one lies beyond RECENT_WINDOW.
    await db().execute(
      sql`insert into tickets (subject, type, created_at) select 'Remplissage ' || g, 'other', now() - g * interval '1 minute' from generate_series(1, ${RECENT_WINDOW + 10}) g`,
    );
    const result = await support.tickets.search({ q: "ornithorynques" });
    expect(ids(result)).toEqual([made.ancient]);
    expect(hits(result.items[0]!.snippet)).toEqual(["ornithorynque"]);
  });

  it("answers nothing, quietly, for stop words alone, and refuses a one-letter query", async () => {
    expect(ids(await support.tickets.search({ q: "on me" }))).toEqual([]);
    await expect(support.tickets.search({ q: "a" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
