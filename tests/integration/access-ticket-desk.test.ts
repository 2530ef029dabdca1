import { describe, expect, it } from "vitest";
import { and, eq, isNotNull, ne } from "drizzle-orm";
import { ticketMessages, tickets } from "@/server/db/schema";
import { rolesWith } from "@/lib/domain/capabilities";
import type { Database } from "@/server/db/client";
import { callerWithContext } from "../support/test-runtime";
import { codeOf, describeAccessMatrix, type AccessFixtures } from "../support/access-matrix";

const WRITERS = [...rolesWith("tickets.write")];
const READERS = [...rolesWith("tickets.read")];
const BOARD_EDITORS = [...rolesWith("board.edit")];
const key = () => `matrix-${crypto.randomUUID()}`;

/**
 * A ticket with no customer: its public replies show in no portal and go out on no channel, so
 * the matrix's callers write on it without sending anything. One per role and entry, made here.
 */
async function orphanTicket(db: Database, subject = "Matrix ticket"): Promise<number> {
  const [row] = await db.insert(tickets).values({ subject, type: "support" }).returning({ id: tickets.id });
  return row!.id;
}

/** A ticket of the demo customer (customer@demo.test). */
async function demoTicket(f: AccessFixtures): Promise<number> {
  const db = f.runtime.database.db;
  const [row] = await db
    .insert(tickets)
    .values({ subject: "Matrix demo ticket", type: "support", customerId: f.demoCustomerId })
    .returning({ id: tickets.id });
  return row!.id;
}

const access = describeAccessMatrix([
  {
    name: "tickets.workspace",
    allowed: READERS,
    call: async (c, f) => c.tickets.workspace({ ticketId: await orphanTicket(f.runtime.database.db) }),
  },
  {
    name: "tickets.reply",
    allowed: WRITERS,
    call: async (c, f) =>
      c.tickets.reply({ ticketId: await orphanTicket(f.runtime.database.db), body: "Hello", requestKey: key() }),
  },
  {
    name: "tickets.note",
    allowed: WRITERS,
    call: async (c, f) =>
      c.tickets.note({ ticketId: await orphanTicket(f.runtime.database.db), body: "A note", requestKey: key() }),
  },
  {
    name: "tickets.setStatus",
    allowed: WRITERS,
    call: async (c, f) =>
      c.tickets.setStatus({ ticketId: await orphanTicket(f.runtime.database.db), status: "waiting" }),
  },
  {
    name: "tickets.update",
    allowed: WRITERS,
    call: async (c, f) => c.tickets.update({ ticketId: await orphanTicket(f.runtime.database.db), important: true }),
  },
  {
    name: "tickets.assign",
    allowed: WRITERS,
    call: async (c, f) =>
      c.tickets.assign({ ticketId: await orphanTicket(f.runtime.database.db), assigneeId: null, team: "network" }),
  },
  {
    name: "tickets.createChild",
    allowed: WRITERS,
    call: async (c, f) =>
      c.tickets.createChild({
        parentId: await orphanTicket(f.runtime.database.db),
        subject: "Child",
        type: "repair",
        requestKey: key(),
      }),
  },
  {
    name: "tickets.linkParent",
    allowed: WRITERS,
    call: async (c, f) => {
      const db = f.runtime.database.db;
      return c.tickets.linkParent({ ticketId: await orphanTicket(db), parentId: await orphanTicket(db) });
    },
  },
  {
    name: "tickets.unlinkParent",
    allowed: WRITERS,
    call: async (c, f) => c.tickets.unlinkParent({ ticketId: await orphanTicket(f.runtime.database.db) }),
  },
  {
    name: "tickets.createJob",
    allowed: BOARD_EDITORS,
    call: async (c, f) => {
      const [row] = await f.runtime.database.db
        .insert(tickets)
        .values({
          subject: "Matrix job ticket",
          type: "repair",
          customerId: f.demoCustomerId,
          locationId: f.demoLocationId,
        })
        .returning({ id: tickets.id });
      return c.tickets.createJob({
        ticketId: row!.id,
        requestKey: key(),
        kind: "repair",
        title: "Matrix job",
        durationMin: 60,
        windowStart: "2026-12-01T13:00:00Z",
        windowEnd: "2026-12-01T17:00:00Z",
      });
    },
  },
  {
    name: "tickets.saveCannedReply",
    allowed: ["admin"],
    call: (c) =>
      c.tickets.saveCannedReply({
        title: "Matrix",
        bodyFr: "Bonjour {firstName}",
        bodyEn: "Hello {firstName}",
        active: true,
      }),
  },
  { name: "tickets.allCannedReplies", allowed: ["admin"], call: (c) => c.tickets.allCannedReplies() },
  { name: "tickets.cannedReplies", allowed: READERS, call: (c) => c.tickets.cannedReplies() },
  {
    name: "tickets.renderCanned",
    allowed: WRITERS,
    call: async (c, f) => {
      const admin = callerWithContext(f.staffCtx("admin"));
      const [canned] = await admin.tickets.allCannedReplies();
      return c.tickets.renderCanned({ ticketId: await demoTicket(f), cannedReplyId: canned!.id });
    },
  },
  { name: "portalTickets.list", allowed: ["customer"], call: (c) => c.portalTickets.list() },
  {
    name: "portalTickets.get",
    allowed: ["customer"],
    call: async (c, f) => c.portalTickets.get({ ticketId: await demoTicket(f) }),
  },
  {
    name: "portalTickets.open",
    allowed: ["customer"],
    call: (c) => c.portalTickets.open({ subject: "Matrix request", type: "support", body: "Hello", requestKey: key() }),
  },
  {
    name: "portalTickets.reply",
    allowed: ["customer"],
    call: async (c, f) => c.portalTickets.reply({ ticketId: await demoTicket(f), body: "Hi", requestKey: key() }),
  },
]);

describe("a customer's reach", () => {
  it("never sees another customer's ticket, nor writes on it: 404, nothing written", async () => {
    const f = access.fixtures();
    const db = f.runtime.database.db;
    // Picked by property: a ticket of some other customer.
    const [foreign] = await db
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(isNotNull(tickets.customerId), ne(tickets.customerId, f.demoCustomerId)))
      .limit(1);
    const customer = callerWithContext(f.customerCtx);
    expect(await codeOf(customer.portalTickets.get({ ticketId: foreign!.id }))).toBe("NOT_FOUND");
    const before = await db.select().from(ticketMessages).where(eq(ticketMessages.ticketId, foreign!.id));
    expect(
      await codeOf(customer.portalTickets.reply({ ticketId: foreign!.id, body: "intruder", requestKey: key() })),
    ).toBe("NOT_FOUND");
    expect(await db.select().from(ticketMessages).where(eq(ticketMessages.ticketId, foreign!.id))).toEqual(before);
    expect((await customer.portalTickets.list()).every((t) => t.id !== foreign!.id)).toBe(true);
  });
});
