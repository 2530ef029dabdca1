import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, staffUsers, ticketMessages, tickets } from "@/server/db/schema";
import { DEFAULT_SLA_POLICIES, slaDueTimes } from "@/lib/domain/sla/policy";
import { applyTicketSla, recordFirstResponse } from "@/server/services/tickets/sla";
import { callerAs, createSeededRuntime, type TestRuntime } from "../support/test-runtime";
import { trpcFailure } from "../support/trpc-errors";

let runtime: TestRuntime;
let admin: Awaited<ReturnType<typeof callerAs>>["caller"];
let support: Awaited<ReturnType<typeof callerAs>>["caller"];
let supportId: string;
const db = () => runtime.database.db;
const MINUTE = 60_000;

beforeAll(async () => {
  runtime = await createSeededRuntime();
  ({ caller: admin } = await callerAs(runtime, "staff", "admin@demo.test"));
  ({ caller: support } = await callerAs(runtime, "staff", "support@demo.test"));
  const [user] = await db().select().from(staffUsers).where(eq(staffUsers.email, "support@demo.test"));
  supportId = user!.id;
});
afterAll(() => runtime?.close());

async function ticket(values: Partial<typeof tickets.$inferInsert> = {}) {
  const [row] = await db()
    .insert(tickets)
    .values({ subject: "SLA test", type: "support", ...values })
    .returning();
  return row!;
}

describe("SLA policies", () => {
  it("start as the defaults of lib/domain/sla", async () => {
    const policies = await support.tickets.slaPolicies();
    expect(
      policies.map((p) => ({
        ticketType: p.ticketType,
        priority: p.priority,
        firstResponseMinutes: p.firstResponseMinutes,
        resolutionMinutes: p.resolutionMinutes,
        businessHours: p.businessHours,
      })),
    ).toEqual(expect.arrayContaining([...DEFAULT_SLA_POLICIES]));
    expect(policies).toHaveLength(DEFAULT_SLA_POLICIES.length);
  });

  it("are changed by an admin, audited, and then give new tickets their due times", async () => {
    const saved = await admin.tickets.updateSlaPolicy({
      ticketType: "cancellation",
      priority: "normal",
      firstResponseMinutes: 90,
      resolutionMinutes: 600,
      businessHours: true,
    });
    expect(saved).toMatchObject({
      firstResponseMinutes: 90,
      resolutionMinutes: 600,
      updatedByName: expect.any(String),
    });
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "sla.policy.update"), eq(auditLog.entityId, "cancellation/normal")));
    expect(audit[0]?.changes).toMatchObject({ firstResponseMinutes: { from: 480, to: 90 } });

    // Tuesday 2027-01-12 17:00 Toronto: 60 minutes that day, the rest from Wednesday 08:00.
    const t = await ticket({ type: "cancellation", createdAt: new Date("2027-01-12T22:00:00Z") });
    const due = await db().transaction((tx) => applyTicketSla(tx, t.id));
    expect(due.firstResponseDueAt.toISOString()).toBe("2027-01-13T13:30:00.000Z");
    expect(due.resolutionDueAt.toISOString()).toBe("2027-01-13T22:00:00.000Z");
    const [row] = await db().select().from(tickets).where(eq(tickets.id, t.id));
    expect(row!.firstResponseDueAt?.toISOString()).toBe("2027-01-13T13:30:00.000Z");
    expect(row!.slaDueAt?.toISOString()).toBe("2027-01-13T22:00:00.000Z");
  });

  it("refuses a resolution shorter than the first response, and changes nothing", async () => {
    const failure = await trpcFailure(
      admin.tickets.updateSlaPolicy({
        ticketType: "repair",
        priority: "normal",
        firstResponseMinutes: 600,
        resolutionMinutes: 60,
        businessHours: true,
      }),
    );
    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.cause).toMatchObject({ key: "errors.sla.resolutionBeforeResponse" });
    const repair = (await admin.tickets.slaPolicies()).find(
      (p) => p.ticketType === "repair" && p.priority === "normal",
    );
    expect(repair).toMatchObject({ firstResponseMinutes: 120, resolutionMinutes: 1200 });
  });

  it("an important ticket follows the important policy, on the wall clock for repairs", async () => {
    const t = await ticket({ type: "repair", important: true, createdAt: new Date("2027-01-13T04:00:00Z") });
    const due = await db().transaction((tx) => applyTicketSla(tx, t.id));
    const expected = slaDueTimes(
      t.createdAt,
      DEFAULT_SLA_POLICIES.find((p) => p.ticketType === "repair" && p.priority === "important")!,
    );
    expect(due).toEqual(expected);
    expect(due.firstResponseDueAt.toISOString()).toBe("2027-01-13T04:30:00.000Z");
  });
});

describe("first response", () => {
  it("is recorded by the first public staff reply, not by a note or the customer", async () => {
    const t = await ticket({ createdAt: new Date(Date.now() - 60 * MINUTE) });
    const base = { ticketId: t.id, authorName: "x", createdAt: new Date(Date.now() - 50 * MINUTE) };
    await db()
      .insert(ticketMessages)
      .values({ ...base, channel: "email", authorKind: "customer", body: "Bonjour" });
    await db()
      .insert(ticketMessages)
      .values({
        ...base,
        channel: "note",
        authorKind: "staff",
        authorStaffId: supportId,
        body: "Note",
        internal: true,
      });
    let [row] = await db().select().from(tickets).where(eq(tickets.id, t.id));
    expect(row!.firstRespondedAt).toBeNull();

    const replyAt = new Date(Date.now() - 40 * MINUTE);
    await db().insert(ticketMessages).values({
      ticketId: t.id,
      authorName: "x",
      channel: "email",
      authorKind: "staff",
      authorStaffId: supportId,
      body: "Réponse",
      createdAt: replyAt,
    });
    [row] = await db().select().from(tickets).where(eq(tickets.id, t.id));
    expect(row!.firstRespondedAt?.toISOString()).toBe(replyAt.toISOString());
  });

  it("keeps the earliest response whoever records it, and says whether it was in time", async () => {
    const t = await ticket({ createdAt: new Date(Date.now() - 120 * MINUTE) });
    await db()
      .update(tickets)
      .set({ firstResponseDueAt: new Date(Date.now() - 60 * MINUTE) })
      .where(eq(tickets.id, t.id));
    const late = new Date(Date.now() - 30 * MINUTE);
    expect(await db().transaction((tx) => recordFirstResponse(tx, t.id, late))).toEqual({
      firstRespondedAt: late,
      state: "breached",
    });
    const early = new Date(Date.now() - 90 * MINUTE);
    expect(await db().transaction((tx) => recordFirstResponse(tx, t.id, early))).toEqual({
      firstRespondedAt: early,
      state: "met",
    });
    const again = await db().transaction((tx) => recordFirstResponse(tx, t.id, new Date()));
    expect(again.firstRespondedAt).toEqual(early);
  });
});

describe("saved views", () => {
  it("breaching: passed and near deadlines of unfinished tickets, most overdue first, by keyset pages", async () => {
    const now = Date.now();
    const at = (min: number) => new Date(now + min * MINUTE);
    const overdue = await ticket({ subject: "overdue", firstResponseDueAt: at(-600_000), slaDueAt: at(-500_000) });
    const near = await ticket({ subject: "near", firstResponseDueAt: at(30), slaDueAt: at(600) });
    const answered = await ticket({
      subject: "answered, resolution overdue",
      firstResponseDueAt: at(-999_000),
      firstRespondedAt: at(-999_500),
      slaDueAt: at(-400_000),
    });
    const later = await ticket({ subject: "later", firstResponseDueAt: at(600), slaDueAt: at(6000) });
    const done = await ticket({
      subject: "resolved late",
      status: "resolved",
      firstResponseDueAt: at(-600_000),
      slaDueAt: at(-600_000),
    });

    const seen: Array<{ id: number; due: number }> = [];
    let cursor: { createdAt: string; id: number; dueAt?: string } | undefined;
    for (let page = 0; page < 500; page++) {
      const result = await support.tickets.list({ view: "breaching", limit: 50, cursor });
      for (const item of result.items) {
        expect(item.slaNextDueAt).not.toBeNull();
        expect(item.slaNextDueAt!.getTime()).toBeLessThanOrEqual(now + 61 * MINUTE);
        expect(["resolved", "closed"]).not.toContain(item.status);
        seen.push({ id: item.id, due: item.slaNextDueAt!.getTime() });
      }
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    const ids = seen.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining([overdue.id, near.id, answered.id]));
    expect(ids).not.toContain(later.id);
    expect(ids).not.toContain(done.id);
    expect(seen.map((s) => s.due)).toEqual([...seen.map((s) => s.due)].sort((a, b) => a - b));
    // The answered ticket races its resolution deadline, not the response it already had.
    expect(seen.find((s) => s.id === answered.id)!.due).toBe(at(-400_000).getTime());
  });

  it("mine and unassigned show unfinished tickets, by person", async () => {
    const mine = await ticket({ subject: "mine", assignedToId: supportId });
    const mineClosed = await ticket({ subject: "mine, closed", assignedToId: supportId, status: "closed" });
    const nobody = await ticket({ subject: "nobody's" });
    const firstPage = async (view: "mine" | "unassigned") => {
      const ids: number[] = [];
      let cursor: { createdAt: string; id: number; dueAt?: string } | undefined;
      for (let page = 0; page < 200; page++) {
        const result = await support.tickets.list({ view, limit: 100, cursor });
        for (const item of result.items) {
          expect(["open", "in_progress", "waiting"]).toContain(item.status);
          if (view === "mine") expect(item.assignedToId).toBe(supportId);
          else expect(item.assignedToId).toBeNull();
          ids.push(item.id);
        }
        if (!result.nextCursor || ids.includes(mine.id) || ids.includes(nobody.id)) break;
        cursor = result.nextCursor;
      }
      return ids;
    };
    const mineIds = await firstPage("mine");
    expect(mineIds).toContain(mine.id);
    expect(mineIds).not.toContain(mineClosed.id);
    expect(await firstPage("unassigned")).toContain(nobody.id);
    // An explicit status overrides the view's default.
    const closed = await support.tickets.list({ view: "mine", status: ["closed"], limit: 100 });
    expect(closed.items.map((i) => i.id)).toContain(mineClosed.id);
  });
});

describe("weekly breach report", () => {
  it("counts deadlines in the week they fell due, late answers and open overdue tickets as breached", async () => {
    const before = await support.tickets.slaReport({ weeks: 2 });
    const lastWeek = before[0]!;
    // Noon UTC on the Wednesday of last week's row.
    const mid = new Date(`${lastWeek.week}T12:00:00Z`).getTime() + 2 * 24 * 60 * MINUTE;
    const at = (min: number) => new Date(mid + min * MINUTE);
    await ticket({
      createdAt: at(-600),
      firstResponseDueAt: at(0),
      firstRespondedAt: at(-10),
      slaDueAt: at(100),
      status: "closed",
      closedAt: at(50),
    });
    await ticket({
      createdAt: at(-600),
      firstResponseDueAt: at(0),
      firstRespondedAt: at(10),
      slaDueAt: at(100),
      status: "resolved",
      closedAt: at(200),
    });
    await ticket({ createdAt: at(-600), firstResponseDueAt: at(0), slaDueAt: at(100), status: "open" });
    const after = await support.tickets.slaReport({ weeks: 2 });
    expect(after[0]!.week).toBe(lastWeek.week);
    expect(after[0]!.firstResponseDue - lastWeek.firstResponseDue).toBe(3);
    expect(after[0]!.firstResponseBreached - lastWeek.firstResponseBreached).toBe(2);
    expect(after[0]!.resolutionDue - lastWeek.resolutionDue).toBe(3);
    expect(after[0]!.resolutionBreached - lastWeek.resolutionBreached).toBe(2);
  });
});
