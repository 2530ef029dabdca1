import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import {
  dispatchJobs,
  dispatchJobTags,
  dispatchTags,
  dispatchTechnicians,
  serviceLocations,
  staffUsers,
  ticketMessages,
  tickets,
} from "@/server/db/schema";
import type { JobChangedEvent } from "@/server/services/dispatch/job-events";
import { loadBoardJob, writeBoardJob } from "@/server/services/dispatch/board-rows";
import { techAct, type TechActor } from "@/server/services/tech/actions";
import { parseJobNote } from "@/lib/domain/ticket-desk/ticket-job";
import { callerAs, createSeededRuntime, type TestRuntime } from "../support/test-runtime";
import { codeOf } from "../support/access-matrix";

/**
 * A dispatch job made from a ticket: linked to it and on the board's tables, once per request
 * key, refused without board.edit; then its status changes, from the board and from the
 * technician's phone, come back into the ticket's thread as internal system notes.
 */
let runtime: TestRuntime;
let dispatcher: Awaited<ReturnType<typeof callerAs>>["caller"];
let support: Awaited<ReturnType<typeof callerAs>>["caller"];
let tech: TechActor;
let skill: string;
const changed: JobChangedEvent[] = [];
let stop: () => void;
const db = () => runtime.database.db;

async function newTicket(withLocation = true): Promise<{ id: number; locationId: number | null }> {
  // Any location with a customer: picked by that property.
  const [location] = await db()
    .select({ id: serviceLocations.id, customerId: serviceLocations.customerId })
    .from(serviceLocations)
    .where(isNotNull(serviceLocations.customerId))
    .limit(1);
  const [row] = await db()
    .insert(tickets)
    .values({
      subject: "Pas de signal",
      type: "repair",
      customerId: location!.customerId,
      locationId: withLocation ? location!.id : null,
    })
    .returning({ id: tickets.id, locationId: tickets.locationId });
  return row!;
}

const jobInput = (ticketId: number, requestKey = `job-${randomUUID()}`) => ({
  ticketId,
  requestKey,
  kind: "repair" as const,
  title: "Réparer la fibre",
  durationMin: 60,
  windowStart: "2026-12-08T13:00:00Z",
  windowEnd: "2026-12-08T17:00:00Z",
  skills: [skill],
});

async function jobNotes(ticketId: number) {
  const rows = await db()
    .select()
    .from(ticketMessages)
    .where(and(eq(ticketMessages.ticketId, ticketId), eq(ticketMessages.authorKind, "system")))
    .orderBy(asc(ticketMessages.id));
  return rows.map((r) => ({ internal: r.internal, note: parseJobNote(r.body) }));
}

beforeAll(async () => {
  runtime = await createSeededRuntime();
  dispatcher = (await callerAs(runtime, "staff", "dispatcher@demo.test")).caller;
  support = (await callerAs(runtime, "staff", "support@demo.test")).caller;
  const [t] = await db()
    .select({ id: dispatchTechnicians.id, userId: staffUsers.id, name: staffUsers.name })
    .from(dispatchTechnicians)
    .innerJoin(staffUsers, eq(staffUsers.id, dispatchTechnicians.userId))
    .where(eq(staffUsers.email, "technician@demo.test"));
  tech = { technicianId: t!.id, userId: t!.userId, name: t!.name };
  const [tag] = await db()
    .select({ code: dispatchTags.code })
    .from(dispatchTags)
    .where(eq(dispatchTags.kind, "skill"))
    .limit(1);
  skill = tag!.code;
  stop = runtime.events.dispatchJobs.onJobChanged((event) => changed.push(event));
});
afterAll(async () => {
  stop?.();
  await runtime?.close();
});

describe("a dispatch job from a ticket", () => {
  it("is made at the ticket's location, linked to it, on the board, with a note in the thread; once per key", async () => {
    const ticket = await newTicket();
    const input = jobInput(ticket.id);
    const first = await dispatcher.tickets.createJob(input);
    expect(first.created).toBe(true);
    const [job] = await db().select().from(dispatchJobs).where(eq(dispatchJobs.id, first.jobId));
    expect(job).toMatchObject({
      ticketId: ticket.id,
      locationId: ticket.locationId,
      status: "unassigned",
      kind: "repair",
      title: "Réparer la fibre",
    });
    const tags = await db()
      .select({ code: dispatchTags.code })
      .from(dispatchJobTags)
      .innerJoin(dispatchTags, eq(dispatchTags.id, dispatchJobTags.tagId))
      .where(eq(dispatchJobTags.jobId, first.jobId));
    expect(tags).toEqual([{ code: skill }]);
    expect(changed.some((e) => e.jobId === first.jobId)).toBe(true);
    expect(await loadBoardJob(db(), first.jobId)).toMatchObject({ date: "2026-12-08" });
    expect(await jobNotes(ticket.id)).toEqual([
      { internal: true, note: { jobId: first.jobId, event: "created", summary: "Réparer la fibre" } },
    ]);

    // The same click retried: the same job, nothing new; sent twice at once: still one job.
    expect(await dispatcher.tickets.createJob(input)).toEqual({ jobId: first.jobId, created: false });
    const again = jobInput(ticket.id);
    const both = await Promise.all([dispatcher.tickets.createJob(again), dispatcher.tickets.createJob(again)]);
    expect(both[0].jobId).toBe(both[1].jobId);
    expect(both.filter((o) => o.created)).toHaveLength(1);
    expect(await db().select().from(dispatchJobs).where(eq(dispatchJobs.ticketId, ticket.id))).toHaveLength(2);
  });

  it("is refused to a role without board.edit, and for a ticket without a location", async () => {
    const ticket = await newTicket();
    expect(await codeOf(support.tickets.createJob(jobInput(ticket.id)))).toBe("FORBIDDEN");
    const bare = await newTicket(false);
    expect(await codeOf(dispatcher.tickets.createJob(jobInput(bare.id)))).toBe("BAD_REQUEST");
    for (const id of [ticket.id, bare.id])
      expect(await db().select().from(dispatchJobs).where(eq(dispatchJobs.ticketId, id))).toEqual([]);
  });

  it("reports its status changes from the board and the phone, and the completion summary, in the thread", async () => {
    const ticket = await newTicket();
    const { jobId } = await dispatcher.tickets.createJob(jobInput(ticket.id));
    // The dispatcher assigns it on the board.
    const board = (await loadBoardJob(db(), jobId))!;
    expect(
      await writeBoardJob(db(), {
        ...board.job,
        techId: String(tech.technicianId),
        start: "2026-12-08T14:00:00.000Z",
        status: "assigned",
      }),
    ).toBe("updated");
    // The technician goes, arrives and finishes from the phone.
    const deps = {
      ...runtime,
      jobs: { send: () => Promise.resolve("recorded"), jobsByKey: () => Promise.resolve([]) },
    };
    for (const status of ["en_route", "on_site"] as const)
      expect(
        await techAct(deps, tech, { clientKey: randomUUID(), jobId, action: { kind: "status", status } }),
      ).toMatchObject({ accepted: true });
    expect(
      await techAct(deps, tech, {
        clientKey: randomUUID(),
        jobId,
        action: { kind: "status", status: "done", summary: "Connecteur remplacé, signal -19 dBm" },
      }),
    ).toMatchObject({ accepted: true });

    const notes = await jobNotes(ticket.id);
    expect(notes.every((n) => n.internal)).toBe(true);
    expect(notes.map((n) => [n.note?.event, n.note?.summary])).toEqual([
      ["created", "Réparer la fibre"],
      ["assigned", null],
      ["en_route", null],
      ["on_site", null],
      ["done", "Connecteur remplacé, signal -19 dBm"],
    ]);
  });

  it("leaves no note for a job without a ticket", async () => {
    const job = await dispatcher.dispatch.createJob({
      ...jobInput(1),
      ticketId: undefined,
      locationId: (await newTicket()).locationId!,
    });
    const before = await db().select({ id: ticketMessages.id }).from(ticketMessages);
    const board = (await loadBoardJob(db(), job.id))!;
    await writeBoardJob(db(), { ...board.job, status: "cancelled" });
    expect(await db().select({ id: ticketMessages.id }).from(ticketMessages)).toHaveLength(before.length);
    expect((await db().select().from(dispatchJobs).where(eq(dispatchJobs.id, job.id)))[0]!.status).toBe("cancelled");
  });

  it("still changes the status when the note cannot be written", async () => {
    const ticket = await newTicket();
    const { jobId } = await dispatcher.tickets.createJob(jobInput(ticket.id));
    await db().execute(sql`
      CREATE FUNCTION refuse_dispatch_notes() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN RAISE EXCEPTION 'notes refused'; END $$`);
    await db().execute(sql`
      CREATE TRIGGER refuse_dispatch_notes BEFORE INSERT ON ticket_messages
      FOR EACH ROW WHEN (NEW.author_name = 'dispatch') EXECUTE FUNCTION refuse_dispatch_notes()`);
    try {
      const board = (await loadBoardJob(db(), jobId))!;
      expect(await writeBoardJob(db(), { ...board.job, status: "cancelled" })).toBe("updated");
    } finally {
      await db().execute(sql`DROP TRIGGER refuse_dispatch_notes ON ticket_messages`);
      await db().execute(sql`DROP FUNCTION refuse_dispatch_notes()`);
    }
    expect((await db().select().from(dispatchJobs).where(eq(dispatchJobs.id, jobId)))[0]!.status).toBe("cancelled");
    expect((await jobNotes(ticket.id)).map((n) => n.note?.event)).toEqual(["created"]);
  });
});
