import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import {
  auditLog,
  dispatchJobs,
  dispatchTechnicians,
  portalUsers,
  serviceLocations,
  ticketMessages,
  tickets,
  visitResponses,
} from "@/server/db/schema";
import { setRuntime } from "@/server/runtime";
import { ServiceError } from "@/server/services/errors";
import { firstNameOf } from "@/lib/domain/tracking/tracking-view";
import { GET as trackingRoute } from "@/app/api/portal/visits/[id]/tracking/route";
import { trpcFailure } from "../support/trpc-errors";
import { callerAs, createSeededRuntime, signIn, type TestRuntime } from "../support/test-runtime";

type Caller = Awaited<ReturnType<typeof callerAs>>["caller"];
let runtime: TestRuntime;
let julie: Caller;
let julieId: number;
let julieUserId: string;
let julieLocation: number;
let emilyLocation: number;
let technician: { id: number; name: string };
const db = () => runtime.database.db;
const HOUR = 3_600_000;
const inHours = (h: number) => new Date(Date.now() + h * HOUR);

beforeAll(async () => {
  runtime = await createSeededRuntime();
  setRuntime(runtime);
  ({ caller: julie } = await callerAs(runtime, "customer", "customer@demo.test"));
  const users = await db().select().from(portalUsers);
  const julieUser = users.find((u) => u.email === "customer@demo.test")!;
  [julieId, julieUserId] = [julieUser.customerId, julieUser.id];
  const emilyId = users.find((u) => u.email === "customer2@demo.test")!.customerId;
  const locationOf = async (customerId: number) =>
    (
      await db()
        .select({ id: serviceLocations.id })
        .from(serviceLocations)
        .where(eq(serviceLocations.customerId, customerId))
        .orderBy(asc(serviceLocations.id))
        .limit(1)
    )[0]!.id;
  [julieLocation, emilyLocation] = [await locationOf(julieId), await locationOf(emilyId)];
  // A technician whose name has a family name, so "first name only" means something.
  const [tech] = await db()
    .select({ id: dispatchTechnicians.id, name: dispatchTechnicians.name })
    .from(dispatchTechnicians)
    .where(eq(dispatchTechnicians.active, true))
    .orderBy(asc(dispatchTechnicians.id))
    .limit(1);
  technician = tech!;
});
afterAll(() => runtime?.close());

async function job(values: Partial<typeof dispatchJobs.$inferInsert> & { locationId: number }) {
  const [row] = await db()
    .insert(dispatchJobs)
    .values({ kind: "repair", title: "Visite de test — notes internes", status: "assigned", ...values })
    .returning();
  return row!;
}

const planned = (locationId = julieLocation, over: Partial<typeof dispatchJobs.$inferInsert> = {}) =>
  job({
    locationId,
    leadTechnicianId: technician.id,
    windowStart: inHours(24),
    windowEnd: inHours(28),
    scheduledStart: inHours(25),
    ...over,
  });

const keyOf = (failure: { cause?: unknown }) => (failure.cause instanceof ServiceError ? failure.cause.key : null);

describe("portalVisits.list", () => {
  it("lists the customer's upcoming and past visits with the window and the technician's first name only", async () => {
    const upcoming = await planned();
    const onTheWay = await planned(julieLocation, {
      status: "en_route",
      windowStart: inHours(-1),
      windowEnd: inHours(2),
    });
    const done = await planned(julieLocation, {
      status: "done",
      windowStart: inHours(-50),
      windowEnd: inHours(-46),
      completedAt: inHours(-47),
    });
    const unassigned = await job({ locationId: julieLocation, status: "unassigned" });
    const theirs = await planned(emilyLocation);
    const visits = await julie.portalVisits.list();
    const ids = (list: { id: number }[]) => list.map((v) => v.id);
    expect(ids(visits.upcoming)).toEqual(expect.arrayContaining([upcoming.id, onTheWay.id, unassigned.id]));
    expect(ids(visits.past)).toContain(done.id);
    expect([...ids(visits.upcoming), ...ids(visits.past)]).not.toContain(theirs.id);
    const shown = visits.upcoming.find((v) => v.id === upcoming.id)!;
    expect(shown).toMatchObject({
      status: "planned",
      technicianFirstName: firstNameOf(technician.name),
      window: { start: upcoming.windowStart, end: upcoming.windowEnd },
      canConfirm: true,
      canReschedule: true,
      trackable: false,
    });
    expect(visits.upcoming.find((v) => v.id === onTheWay.id)).toMatchObject({ status: "en_route", trackable: true });
    expect(visits.upcoming.find((v) => v.id === unassigned.id)).toMatchObject({
      technicianFirstName: null,
      window: null,
      canConfirm: false,
    });
    // Nothing internal: not the full name, not the job's title or notes.
    const json = JSON.stringify(visits);
    if (technician.name.trim().includes(" ")) expect(json).not.toContain(technician.name);
    expect(json).not.toContain("notes internes");
  });
});

describe("tracking a visit", () => {
  it("shows the live view of the customer's own visit on the way, 404 for another's, expired after", async () => {
    const onTheWay = await planned(julieLocation, {
      status: "en_route",
      windowStart: inHours(-1),
      windowEnd: inHours(2),
    });
    const theirs = await planned(emilyLocation, {
      status: "en_route",
      windowStart: inHours(-1),
      windowEnd: inHours(2),
    });
    const longDone = await planned(julieLocation, { status: "done", completedAt: inHours(-5) });
    const live = await julie.portalVisits.tracking({ jobId: onTheWay.id });
    expect(live).toMatchObject({
      state: "active",
      view: { status: "en_route", technician: { firstName: firstNameOf(technician.name) } },
    });
    expect((await trpcFailure(julie.portalVisits.tracking({ jobId: theirs.id }))).code).toBe("NOT_FOUND");
    expect(await julie.portalVisits.tracking({ jobId: longDone.id })).toEqual({ state: "expired" });

    // The page polls the route, which answers as the public tracking link's JSON does.
    const cookie = (await signIn(runtime, "customer", "customer@demo.test")).headers;
    const get = (id: number, headers?: Headers) =>
      trackingRoute(new Request(`http://localhost/api/portal/visits/${id}/tracking`, { headers }), {
        params: Promise.resolve({ id: String(id) }),
      });
    expect((await get(onTheWay.id)).status).toBe(401);
    const ok = await get(onTheWay.id, cookie);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: "en_route" });
    expect((await get(theirs.id, cookie)).status).toBe(404);
    expect((await get(longDone.id, cookie)).status).toBe(410);
  });
});

describe("answering a visit", () => {
  it("confirms a planned visit once, audited with the customer as actor", async () => {
    const visit = await planned();
    expect(await julie.portalVisits.confirm({ jobId: visit.id })).toEqual({ response: "confirmed", replayed: false });
    expect(await julie.portalVisits.confirm({ jobId: visit.id })).toEqual({ response: "confirmed", replayed: true });
    const [response] = await db().select().from(visitResponses).where(eq(visitResponses.jobId, visit.id));
    expect(response).toMatchObject({ response: "confirmed", customerId: julieId, respondedBy: julieUserId });
    const audits = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "dispatch_job"), eq(auditLog.entityId, String(visit.id))));
    expect(audits).toEqual([
      expect.objectContaining({
        actorRealm: "customer",
        actorId: julieUserId,
        action: "dispatch.job.customer-confirmed",
      }),
    ]);
    expect((await julie.portalVisits.get({ jobId: visit.id })).canConfirm).toBe(false);
  });

  it("refuses to confirm a visit already under way, and another customer's visit", async () => {
    const onTheWay = await planned(julieLocation, { status: "en_route" });
    const refused = await trpcFailure(julie.portalVisits.confirm({ jobId: onTheWay.id }));
    expect([refused.code, keyOf(refused)]).toEqual(["BAD_REQUEST", "errors.portalVisits.cannotConfirm"]);
    const theirs = await planned(emilyLocation);
    expect((await trpcFailure(julie.portalVisits.confirm({ jobId: theirs.id }))).code).toBe("NOT_FOUND");
    expect(await db().select().from(visitResponses).where(eq(visitResponses.jobId, theirs.id))).toEqual([]);
  });

  it("asks to reschedule: one ticket with the customer's words, once, and the visit marked", async () => {
    const visit = await planned();
    const first = await julie.portalVisits.requestReschedule({ jobId: visit.id, message: "Plutôt jeudi matin" });
    const again = await julie.portalVisits.requestReschedule({ jobId: visit.id, message: "Plutôt jeudi matin" });
    expect(again).toEqual({ ticketId: first.ticketId, replayed: true });
    const [ticket] = await db().select().from(tickets).where(eq(tickets.id, first.ticketId));
    expect(ticket).toMatchObject({ customerId: julieId, locationId: julieLocation, status: "open" });
    expect(ticket!.subject).toContain(String(visit.id));
    const messages = await db().select().from(ticketMessages).where(eq(ticketMessages.ticketId, first.ticketId));
    expect(messages).toEqual([
      expect.objectContaining({
        body: "Plutôt jeudi matin",
        authorKind: "customer",
        channel: "portal",
        internal: false,
      }),
    ]);
    expect(await julie.portalVisits.get({ jobId: visit.id })).toMatchObject({
      response: "reschedule_requested",
      ticketId: first.ticketId,
      canReschedule: false,
      canConfirm: false,
    });
    // Another customer's visit: not found, and no ticket written.
    const theirs = await planned(emilyLocation);
    const before = (await db().select().from(tickets)).length;
    expect((await trpcFailure(julie.portalVisits.requestReschedule({ jobId: theirs.id, message: "x" }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await db().select().from(tickets)).length).toBe(before);
  });
});
