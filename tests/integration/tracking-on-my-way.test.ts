import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { randomBytes } from "node:crypto";
import { eq, like } from "drizzle-orm";
import * as Y from "yjs";
import type { onLoadDocumentPayload } from "@hocuspocus/server";
import {
  customers,
  dispatchJobs,
  dispatchTechnicians,
  gpsDevices,
  outboundMessages,
  serviceLocations,
  technicianLatestPositions,
  trackingLinks,
} from "@/server/db/schema";
import type { ServerConfig } from "@/server/config";
import { buildRuntime, setRuntime, type Runtime } from "@/server/runtime";
import { boardExtension } from "@/server/collab/board-extension";
import { createDatabaseCollabStore } from "@/server/collab/persistence";
import type { JobQueue } from "@/server/jobs/job-queue";
import { ON_MY_WAY_QUEUE, onMyWayJobKey } from "@/server/services/background-jobs";
import { createSmsSender } from "@/server/integrations/sms";
import { boardTables } from "@/server/services/dispatch/board-rows";
import { loadBoardJob, writeBoardJob } from "@/server/services/dispatch/board-rows";
import { afterJobStatusCommitted, onMyWayJobs } from "@/server/services/tracking/status-change";
import { sendOnMyWay } from "@/server/services/tracking/on-my-way";
import { readTrackingLink } from "@/server/services/tracking/read-link";
import { localTime } from "@/server/services/tracking/on-my-way-sms";
import { customerEta } from "@/lib/domain/tracking/customer-eta";
import { setJobStatus } from "@/lib/domain/board/operations";
import { localDate, localMidnight, shiftDate } from "@/lib/domain/quebec-dates";
import { GET as getTracking } from "@/app/api/track/[token]/route";
import { POST as postStatus } from "@/app/api/webhooks/twilio/status/route";
import { startFakeTwilio, type FakeTwilioServer } from "../fakes/twilio-server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { testConfig } from "../support/test-runtime";
import { eventually } from "../support/collab-client";

/**
 * "On my way": a job set en route on the live board sends one SMS (pg-boss job → Twilio SDK →
 * the fake Twilio) in the customer's language, with the ETA and the tracking link; the link's
 * public JSON shows the technician and nothing about the customer, and expires; Twilio's
 * delivery reports are recorded only with a valid signature.
 */
const BASE_URL = "https://fibre.test";
let database: TestDatabase;
let fake: FakeTwilioServer;
let config: ServerConfig;
let queue: JobQueue;
let runtime: Runtime;
let board: ReturnType<typeof boardExtension>;
const boardErrors: unknown[] = [];
const doc = new Y.Doc();
// Tomorrow's board: the planned starts are ahead whatever the time of day the test runs.
const date = shiftDate(localDate(new Date()), 1);
const plannedStart = new Date(localMidnight(date).getTime() + 10 * 3600_000);
const destination = { lat: 45.4, lng: -72.73 };
/** About 11 km south-west of the destination: some 15 km of road at 50 km/h. */
const tenKmAway = { lat: 45.31, lng: -72.78 };
const db = () => database.handle.db;
let serial = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeTwilio();
  config = testConfig({
    baseUrl: BASE_URL,
    twilio: { accountSid: fake.accountSid, authToken: fake.authToken, from: "+15145550000", apiBaseUrl: fake.baseUrl },
  });
  runtime = buildRuntime(config, database.handle);
  setRuntime(runtime);
  queue = await runtime.jobs.startWorkers(runtime, { pollingIntervalSeconds: 0.5 });
  board = boardExtension({
    db: db(),
    store: createDatabaseCollabStore(db()),
    tables: boardTables,
    onMyWay: onMyWayJobs(runtime.jobs),
    onError: (error) => boardErrors.push(error),
  });
});
afterAll(async () => {
  await board?.idle();
  if (runtime) await runtime.jobs.stop();
  await fake?.close();
  await database?.drop();
});

async function technician(name: string, position?: { lat: number; lng: number; fixTime: Date }) {
  const [tech] = await db()
    .insert(dispatchTechnicians)
    .values({ name, color: "#0369a1", homeLat: 45.3, homeLng: -72.6 })
    .returning({ id: dispatchTechnicians.id });
  if (position) {
    const [device] = await db()
      .insert(gpsDevices)
      .values({ source: "osmand", externalId: `TRK-T${tech!.id}`, technicianId: tech!.id, name })
      .returning({ id: gpsDevices.id });
    await db()
      .insert(technicianLatestPositions)
      .values({ technicianId: tech!.id, deviceId: device!.id, source: "osmand", ...position });
  }
  return tech!.id;
}

async function customerJob(o: { name: string; language: "fr" | "en"; mobile: string | null; technicianId: number }) {
  serial++;
  const [customer] = await db()
    .insert(customers)
    .values({
      legacyAccountId: `TRK-${serial}`,
      legacyCustomerId: `TRKC-${serial}`,
      displayName: o.name,
      language: o.language,
      mobile: o.mobile,
      email: `trk${serial}@example.test`,
    })
    .returning({ id: customers.id });
  const [location] = await db()
    .insert(serviceLocations)
    .values({
      customerId: customer!.id,
      address: `${100 + serial} rue Principale`,
      city: "Granby",
      postalCode: "J2G 1A1",
      latitude: destination.lat,
      longitude: destination.lng,
    })
    .returning({ id: serviceLocations.id });
  const [job] = await db()
    .insert(dispatchJobs)
    .values({
      customerId: customer!.id,
      locationId: location!.id,
      kind: "install",
      status: "assigned",
      title: `Installation ${serial}`,
      scheduledStart: plannedStart,
      leadTechnicianId: o.technicianId,
    })
    .returning({ id: dispatchJobs.id });
  return { jobId: job!.id, customerId: customer!.id, address: `${100 + serial} rue Principale` };
}

/** The board as a dispatcher's edit reaches the server: a change on the day's document, flushed to the tables by the board extension. */
async function onBoard(jobId: number, status: "en_route" | "on_site" | "done" | "cancelled" | "assigned") {
  const result = setJobStatus(doc, String(jobId), status, "dispatcher-test");
  expect(result).toMatchObject({ ok: true });
  await eventually(
    async () =>
      (await db().select({ status: dispatchJobs.status }).from(dispatchJobs).where(eq(dispatchJobs.id, jobId)))[0]
        ?.status,
    (s) => s === status,
  );
  await board.idle();
}

const onMyWayJobsOf = (jobId: number) => queue.jobsByKey(ON_MY_WAY_QUEUE, onMyWayJobKey(jobId), 10);
/** Every on-my-way pg-boss job of this dispatch job has finished, and there are `count` of them. */
const settled = (jobId: number, count: number) =>
  eventually(
    () => onMyWayJobsOf(jobId),
    (jobs) => jobs.length === count && jobs.every((j) => j.state === "completed" || j.state === "failed"),
    10_000,
  );
const ledgerRow = async (jobId: number) =>
  (
    await db()
      .select()
      .from(outboundMessages)
      .where(eq(outboundMessages.dedupeKey, `job:${jobId}:on-my-way:sms`))
  )[0];
const smsTo = (to: string) => fake.messages.filter((m) => m.to === to);
const tokenIn = (body: string) => /https:\/\/fibre\.test\/track\/([A-Za-z0-9_-]{43})$/.exec(body)?.[1];
const track = (token: string) =>
  getTracking(new Request(`${BASE_URL}/api/track/${token}`), { params: Promise.resolve({ token }) });
const linkRows = () => db().select().from(trackingLinks).orderBy(trackingLinks.jobId);

let marcJob: Awaited<ReturnType<typeof customerJob>>;
let johnJob: Awaited<ReturnType<typeof customerJob>>;
let marcToken: string;
let johnToken: string;
const fixTime = new Date();

describe("on my way", () => {
  it("sends one SMS per job going en route on the board, in the customer's language, with the ETA and the link", async () => {
    const marc = await technician("Marc Gagnon", { ...tenKmAway, fixTime });
    const sophie = await technician("Sophie Roy");
    marcJob = await customerJob({ name: "Julie Tremblay", language: "fr", mobile: "450 555-0111", technicianId: marc });
    johnJob = await customerJob({ name: "John Smith", language: "en", mobile: "(819) 555-0122", technicianId: sophie });
    await board.onLoadDocument!({
      document: doc,
      documentName: `board:${date}`,
      instance: { documents: new Map() },
    } as unknown as onLoadDocumentPayload);

    const before = new Date();
    await onBoard(marcJob.jobId, "en_route");
    await onBoard(johnJob.jobId, "en_route");
    await settled(marcJob.jobId, 1);
    await settled(johnJob.jobId, 1);
    const after = new Date();

    const [fr] = smsTo("+14505550111");
    const [en] = smsTo("+18195550122");
    expect(smsTo("+14505550111")).toHaveLength(1);
    expect(smsTo("+18195550122")).toHaveLength(1);
    // Marc has a fresh position: the ETA comes from it, as a Quebec local time, whenever in the run it was computed.
    const etas = [before, after].map((now) =>
      localTime(
        "fr",
        customerEta({ status: "en_route", position: { ...tenKmAway, fixTime }, destination, plannedStart, now })!.at,
      ),
    );
    expect(fr!.body).toMatch(
      /^Fibre Démo inc\. : Marc est en route \(arrivée vers (\d{1,2} h \d{2})\)\. Suivi : https:\/\/fibre\.test\/track\/[A-Za-z0-9_-]{43}$/,
    );
    expect(etas).toContain(/arrivée vers (\d{1,2} h \d{2})/.exec(fr!.body)![1]);
    // Sophie has no position: the planned start, 10:00 tomorrow.
    expect(en!.body).toMatch(
      /^Fibre Démo inc\.: Sophie is on the way \(ETA 10:00 a\.m\.\)\. Track: https:\/\/fibre\.test\/track\/[A-Za-z0-9_-]{43}$/,
    );
    // Delivery reports come back to the public URL.
    expect(fr!.statusCallback).toBe(`${BASE_URL}/api/webhooks/twilio/status`);

    marcToken = tokenIn(fr!.body)!;
    johnToken = tokenIn(en!.body)!;
    expect(await ledgerRow(marcJob.jobId)).toMatchObject({
      status: "sent",
      providerMessageId: fr!.sid,
      language: "fr",
      template: "on_my_way",
      customerId: marcJob.customerId,
      recipient: "450 555-0111",
    });
    expect(await ledgerRow(johnJob.jobId)).toMatchObject({
      status: "sent",
      providerMessageId: en!.sid,
      language: "en",
    });
    // Only the hash is stored.
    const links = await linkRows();
    expect(links.map((l) => l.jobId)).toEqual([marcJob.jobId, johnJob.jobId]);
    expect(links.map((l) => l.tokenHash)).not.toContain(marcToken);
    expect(links.every((l) => /^[0-9a-f]{64}$/.test(l.tokenHash) && l.expiresAt === null)).toBe(true);
    expect(boardErrors).toEqual([]);
  });

  it("never sends a second SMS: replayed jobs, a direct replay, and the job going en route again", async () => {
    const sent = fake.messages.length;
    const linksBefore = await linkRows();
    await onMyWayJobs(queue).enqueue(marcJob.jobId);
    await settled(marcJob.jobId, 2);
    expect(await sendOnMyWay(runtime, marcJob.jobId)).toMatchObject({ status: "already-sent" });

    await onBoard(marcJob.jobId, "on_site");
    await onBoard(marcJob.jobId, "en_route");
    await settled(marcJob.jobId, 3);
    expect((await onMyWayJobsOf(marcJob.jobId)).map((j) => j.output?.status)).toEqual([
      "already-sent",
      "already-sent",
      "sent",
    ]);
    expect(fake.messages.length).toBe(sent);
    expect(await linkRows()).toEqual(linksBefore);
  });

  it("records a customer with no number, or one that cannot be texted, as failed, without retrying", async () => {
    const tech = await technician("Luc Roy");
    const none = await customerJob({ name: "Sans numéro", language: "fr", mobile: null, technicianId: tech });
    const invalid = await customerJob({
      name: "Numéro invalide",
      language: "fr",
      mobile: "555-0101",
      technicianId: tech,
    });
    const sent = fake.messages.length;
    for (const { jobId } of [none, invalid]) {
      const found = await loadBoardJob(db(), jobId);
      await writeBoardJob(
        db(),
        { ...found!.job, status: "en_route" },
        { onStatusChange: (change) => void afterJobStatusCommitted(change, onMyWayJobs(queue)) },
      );
      await settled(jobId, 1);
      expect((await onMyWayJobsOf(jobId))[0]).toMatchObject({ state: "completed", retryCount: 0 });
    }
    expect(await ledgerRow(none.jobId)).toMatchObject({
      status: "failed",
      error: `customer ${none.customerId} has no mobile or phone number on file`,
    });
    expect(await ledgerRow(invalid.jobId)).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/"555-0101" is not a phone number we can text/),
    });
    expect(fake.messages.length).toBe(sent);
    // No SMS, no link.
    expect((await linkRows()).map((l) => l.jobId)).not.toContain(none.jobId);
  });

  it("also asks for delivery reports on the SMS the app already sent (dunning goes through the same sender)", async () => {
    const { providerMessageId } = await runtime.sms.send({ to: "450 555-0199", body: "Rappel" });
    expect(fake.messages.find((m) => m.sid === providerMessageId)?.statusCallback).toBe(
      `${BASE_URL}/api/webhooks/twilio/status`,
    );
    const plain = await createSmsSender(testConfig({ twilio: config.twilio })).send({
      to: "450 555-0198",
      body: "Rappel",
    });
    expect(fake.messages.find((m) => m.sid === plain.providerMessageId)?.statusCallback).toBeNull();
  });
});

describe("the tracking link", () => {
  it("shows the technician's first name, position, ETA and status, and nothing about the customer", async () => {
    const response = await track(marcToken);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();
    const body = JSON.parse(text) as { position: object; technician: object };
    expect(Object.keys(body).sort()).toEqual(["eta", "position", "status", "technician"]);
    expect(Object.keys(body.position).sort()).toEqual(["fixTime", "lat", "lng", "stale"]);
    expect(Object.keys(body.technician)).toEqual(["firstName"]);
    expect(body).toMatchObject({
      status: "en_route",
      technician: { firstName: "Marc" },
      position: { lat: tenKmAway.lat, lng: tenKmAway.lng, fixTime: fixTime.toISOString(), stale: false },
      eta: { at: expect.any(String), basis: "position" },
    });
    for (const secret of [
      "Julie",
      "Tremblay",
      "555-0111",
      "4505550111",
      marcJob.address,
      "Granby",
      "J2G",
      String(destination.lat),
      String(destination.lng),
      "Gagnon",
    ]) {
      expect(text).not.toContain(secret);
    }
    // The page's language is the customer's, but it is not part of the JSON.
    expect(await readTrackingLink(db(), johnToken, new Date())).toMatchObject({
      kind: "active",
      language: "en",
      view: { status: "en_route", technician: { firstName: "Sophie" }, position: null, eta: { basis: "plan" } },
    });
  });

  it("answers 404 to a forged or malformed token, and changes nothing", async () => {
    const before = await linkRows();
    const oneCharOff = `${marcToken[0] === "A" ? "B" : "A"}${marcToken.slice(1)}`;
    for (const token of [
      randomBytes(32).toString("base64url"),
      oneCharOff,
      "abc",
      `${marcToken}x`,
      "../../etc/passwd",
    ]) {
      const response = await track(token);
      expect(response.status).toBe(404);
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
    expect(await linkRows()).toEqual(before);
  });

  it("expires one hour after the job is done, and at once when it is cancelled", async () => {
    const doneAt = new Date();
    await onBoard(marcJob.jobId, "done");
    const [link] = await db().select().from(trackingLinks).where(eq(trackingLinks.jobId, marcJob.jobId));
    const [job] = await db().select().from(dispatchJobs).where(eq(dispatchJobs.id, marcJob.jobId));
    expect(job!.completedAt!.getTime()).toBeGreaterThanOrEqual(doneAt.getTime());
    expect(link!.expiresAt!.getTime()).toBe(job!.completedAt!.getTime() + 3600_000);

    // Within the hour: the page shows "done", no position.
    const done = await track(marcToken);
    expect(done.status).toBe(200);
    expect(await done.json()).toEqual({ status: "done", technician: { firstName: "Marc" }, position: null, eta: null });
    const expiry = link!.expiresAt!.getTime();
    expect(await readTrackingLink(db(), marcToken, new Date(expiry - 1000))).toMatchObject({ kind: "active" });
    expect(await readTrackingLink(db(), marcToken, new Date(expiry))).toMatchObject({
      kind: "expired",
      language: "fr",
    });

    // One hour and a minute later, by the route's own clock.
    const before = await linkRows();
    vi.useFakeTimers({ toFake: ["Date"], now: expiry + 60_000 });
    try {
      const response = await track(marcToken);
      expect(response.status).toBe(410);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.json()).toEqual({ error: { code: "gone", message: "Ce lien de suivi a expiré." } });
    } finally {
      vi.useRealTimers();
    }
    expect(await linkRows()).toEqual(before);

    await onBoard(johnJob.jobId, "cancelled");
    expect((await track(johnToken)).status).toBe(410);
    expect(
      (await db().select().from(trackingLinks).where(eq(trackingLinks.jobId, johnJob.jobId)))[0]!.expiresAt,
    ).not.toBeNull();
    // Restored by the dispatcher: the customer's link works again.
    await onBoard(johnJob.jobId, "assigned");
    expect((await track(johnToken)).status).toBe(200);
  });
});

describe("Twilio delivery reports", () => {
  const post = (
    callback: { url: string; body: string; headers: Record<string, string> },
    headers: Record<string, string> = callback.headers,
  ) => postStatus(new Request(callback.url, { method: "POST", headers, body: callback.body }));

  it("records delivered and failed from a validly signed callback, and ignores the steps before", async () => {
    const [fr] = smsTo("+14505550111");
    const [en] = smsTo("+18195550122");
    const sent = await post(fake.statusCallback(fr!.sid, "sent"));
    expect(sent.status).toBe(200);
    expect(await sent.json()).toMatchObject({ outcome: "ignored", status: "sent" });
    expect(await ledgerRow(marcJob.jobId)).toMatchObject({ status: "sent" });

    const delivered = await post(fake.statusCallback(fr!.sid, "delivered"));
    expect(delivered.status).toBe(200);
    expect(await ledgerRow(marcJob.jobId)).toMatchObject({ status: "delivered", error: null });

    const failed = await post(
      fake.statusCallback(en!.sid, "failed", { ErrorCode: "30008", ErrorMessage: "Unknown error" }),
    );
    expect(await failed.json()).toMatchObject({ outcome: "recorded", status: "failed" });
    expect(await ledgerRow(johnJob.jobId)).toMatchObject({
      status: "failed",
      error: "Twilio error 30008: Unknown error",
    });
    // Twilio took it, then reported it failed: it may still have reached the phone, so going en route again sends nothing.
    const messages = fake.messages.length;
    expect(await sendOnMyWay(runtime, johnJob.jobId)).toMatchObject({ status: "skipped" });
    await onBoard(johnJob.jobId, "en_route");
    await settled(johnJob.jobId, 2);
    expect(fake.messages.length).toBe(messages);
  });

  it("acknowledges a report about a message this database did not send", async () => {
    const other = fake.messages.find((m) => m.body === "Rappel" && m.statusCallback !== null)!;
    const response = await post(fake.statusCallback(other.sid, "undelivered", { ErrorCode: "30003" }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ outcome: "unknown-message", status: "undelivered" });
  });

  it("answers 403 to a missing or wrong signature and writes nothing", async () => {
    const [fr] = smsTo("+14505550111");
    const before = await db().select().from(outboundMessages).where(like(outboundMessages.dedupeKey, "job:%"));
    const callback = fake.statusCallback(fr!.sid, "failed", { ErrorCode: "30008" });
    const { "x-twilio-signature": _signature, ...unsigned } = callback.headers;
    expect((await post(callback, unsigned)).status).toBe(403);
    expect((await post(callback, { ...callback.headers, "x-twilio-signature": "bm90IGEgc2lnbmF0dXJl" })).status).toBe(
      403,
    );
    // Signed for other parameters.
    const other = fake.statusCallback(fr!.sid, "delivered");
    expect((await post({ ...callback, headers: other.headers })).status).toBe(403);
    expect(await db().select().from(outboundMessages).where(like(outboundMessages.dedupeKey, "job:%"))).toEqual(before);
  });
});
