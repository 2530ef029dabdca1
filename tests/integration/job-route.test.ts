import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, dispatchJobs, dispatchTechnicians, serviceLocations } from "@/server/db/schema";
import type { VisitStatus } from "@/lib/domain/gps/visit-route";
import { deviceFor, type GpsDevice } from "@/server/services/gps/devices";
import { writeFixes } from "@/server/services/gps/record-fixes";
import { jobRecord } from "@/server/services/jobs/job-record";
import { ROUTE_MAX_POINTS } from "@/server/services/jobs/job-route";
import { callerAs, createSeededRuntime, type TestRuntime } from "../support/test-runtime";

/**
 * The technician's drive on a job's full record: only the lead technician's fixes between the
 * visit's "en route" and its end (or now, while under way), thinned, with the distance along
 * them. Every fix, status change and technician here is made by the test at fixed instants in
 * March 2026, on technicians of its own, so no seeded position can fall inside an interval.
 */
let runtime: TestRuntime;
const db = () => runtime.database.db;
let destination: { lat: number; lng: number };
let location: { id: number; customerId: number };
let techA: number;
let techB: number;
let techNoDevice: number;
let deviceA: GpsDevice;
let phoneA: GpsDevice;
let deviceB: GpsDevice;

const M_PER_DEGREE = 111_195;
/** A point `east` and `north` metres from the job's location. */
const near = (east: number, north: number) => ({
  lat: destination.lat + north / M_PER_DEGREE,
  lng: destination.lng + east / (M_PER_DEGREE * Math.cos((destination.lat * Math.PI) / 180)),
});
const at = (iso: string, plusMs = 0) => new Date(new Date(iso).getTime() + plusMs);
const MIN = 60_000;
const key = (p: { lat: number; lng: number }) => `${p.lng},${p.lat}`;

type Fix = { lat: number; lng: number; at: Date };
async function addFixes(device: GpsDevice, fixes: Fix[]): Promise<void> {
  await writeFixes(
    db(),
    fixes.map((f) => ({
      device,
      fix: {
        deviceId: device.externalId,
        lat: f.lat,
        lng: f.lng,
        fixTime: f.at,
        speedKmh: null,
        heading: null,
        accuracyM: 5,
        altitudeM: null,
        battery: null,
      },
    })),
  );
}

/** A job at the test's location, its status history written to the audit log at the given instants. */
async function makeJob(input: {
  technicianId: number | null;
  status: VisitStatus;
  completedAt?: Date;
  history: Array<[Date, VisitStatus]>;
}): Promise<number> {
  const [job] = await db()
    .insert(dispatchJobs)
    .values({
      locationId: location.id,
      customerId: location.customerId,
      kind: "repair",
      title: "Route test",
      status: input.status,
      leadTechnicianId: input.technicianId,
      completedAt: input.completedAt ?? null,
    })
    .returning({ id: dispatchJobs.id });
  let from: VisitStatus = "unassigned";
  for (const [when, to] of input.history) {
    await db()
      .insert(auditLog)
      .values({
        at: when,
        actorRealm: "system",
        action: "dispatch.job.tech-status",
        entityType: "dispatch_job",
        entityId: String(job!.id),
        changes: { status: { from, to } },
      });
    from = to;
  }
  return job!.id;
}

async function makeTechnician(name: string): Promise<number> {
  const [tech] = await db()
    .insert(dispatchTechnicians)
    .values({ name, color: "#0f766e", homeLat: destination.lat, homeLng: destination.lng })
    .returning({ id: dispatchTechnicians.id });
  return tech!.id;
}

beforeAll(async () => {
  runtime = await createSeededRuntime();
  const [row] = await db()
    .select({
      id: serviceLocations.id,
      customerId: serviceLocations.customerId,
      lat: serviceLocations.latitude,
      lng: serviceLocations.longitude,
    })
    .from(serviceLocations)
    .limit(1);
  location = { id: row!.id, customerId: row!.customerId };
  destination = { lat: row!.lat, lng: row!.lng };
  techA = await makeTechnician("Route Test A");
  techB = await makeTechnician("Route Test B");
  techNoDevice = await makeTechnician("Route Test Sans GPS");
  deviceA = await deviceFor(db(), { source: "traccar", externalId: "route-test-a", technicianId: techA, name: "A" });
  phoneA = await deviceFor(db(), {
    source: "browser",
    externalId: "browser:route-test-a",
    technicianId: techA,
    name: "A",
  });
  deviceB = await deviceFor(db(), { source: "traccar", externalId: "route-test-b", technicianId: techB, name: "B" });
});
afterAll(async () => {
  await runtime?.close();
});

describe("a finished visit's route", () => {
  const enRoute = "2026-03-10T13:00:00.000Z";
  // 2.4 km north then 1.2 km east to the door in 40 minutes, a fix every 10 m; then parked 50
  // minutes with a few metres of GPS wander. Fixes exactly at en route and at done belong to it.
  // Built once the location is known (in beforeAll).
  let drive: Fix[];
  let parked: Fix[];
  let corner: { lat: number; lng: number };
  let jobId: number;

  beforeAll(async () => {
    drive = Array.from({ length: 361 }, (_, i) => ({
      ...(i <= 240 ? near(-1200, -2400 + i * 10) : near(-1200 + (i - 240) * 10, 0)),
      at: at(enRoute, Math.round((i * 40 * MIN) / 360)),
    }));
    parked = Array.from({ length: 300 }, (_, i) => ({
      ...near(3 * Math.sin(i * 1.7), 3 * Math.cos(i * 2.3)),
      at: at(enRoute, 40 * MIN + (i + 1) * 10_000),
    }));
    corner = near(-1200, 0);
    jobId = await makeJob({
      technicianId: techA,
      status: "done",
      completedAt: at(enRoute, 90 * MIN),
      history: [
        [at(enRoute, -60 * MIN), "assigned"],
        [at(enRoute), "en_route"],
        [at(enRoute, 40 * MIN), "on_site"],
        [at(enRoute, 90 * MIN), "done"],
      ],
    });
    const far = near(0, 5_000);
    await addFixes(deviceA, [
      { ...far, at: at(enRoute, -10 * MIN) },
      { ...far, at: at(enRoute, -1) }, // a millisecond before en route
      ...drive,
      ...parked,
      { ...far, at: at(enRoute, 90 * MIN + 1) }, // a millisecond after done
      { ...far, at: at(enRoute, 120 * MIN) },
    ]);
    // The same technician's phone also shared a few positions: fewer than the tracker, so its
    // track is left out rather than interleaved with the tracker's.
    await addFixes(
      phoneA,
      Array.from({ length: 20 }, (_, i) => ({ ...near(40, -2_000 + i * 100), at: at(enRoute, i * MIN + 30_000) })),
    );
    // Another technician driving at the same time elsewhere.
    await addFixes(
      deviceB,
      Array.from({ length: 30 }, (_, i) => ({ ...near(3_000, i * 100), at: at(enRoute, i * MIN) })),
    );
  });

  it("holds only the lead technician's tracker fixes from en route to done, thinned, with the distance driven", async () => {
    const { caller } = await callerAs(runtime, "staff", "dispatcher@demo.test");
    const { route } = await caller.jobs.record({ jobId });
    const inside = [...drive, ...parked];

    expect(route.empty).toBeNull();
    expect(route.destination).toEqual(destination);
    expect(route.leg).toEqual({
      enRouteAt: enRoute,
      arrivedAt: at(enRoute, 40 * MIN).toISOString(),
      endedAt: at(enRoute, 90 * MIN).toISOString(),
      enRouteSeconds: 40 * 60,
      underWay: false,
    });
    expect(route.fixCount).toBe(inside.length);
    expect(route.start).toEqual({ lat: drive[0]!.lat, lng: drive[0]!.lng, at: enRoute });
    expect(route.end).toEqual({
      lat: parked.at(-1)!.lat,
      lng: parked.at(-1)!.lng,
      at: at(enRoute, 90 * MIN).toISOString(),
    });

    // Thinned: two straight legs need their ends and the corner, plus whatever of the parked
    // wander the tolerance keeps; every point drawn is one of the visit's own fixes, in order.
    const insideKeys = new Map(inside.map((f, i) => [key(f), i]));
    const order = route.line.map(([lng, lat]) => insideKeys.get(key({ lat, lng })));
    expect(order.every((i) => i !== undefined)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a! - b!));
    expect(route.line.length).toBeLessThan(60);
    expect(route.line[0]).toEqual([drive[0]!.lng, drive[0]!.lat]);
    expect(route.line.at(-1)).toEqual([parked.at(-1)!.lng, parked.at(-1)!.lat]);
    expect(route.line.map(([lng, lat]) => key({ lat, lng }))).toContain(key(corner));

    // 2.4 km + 1.2 km; the wander while parked is not driving.
    expect(Math.abs(route.distanceM - 3_600)).toBeLessThanOrEqual(3);
    expect(route.truncated).toBe(false);
  });
});

describe("a long drive's line", () => {
  const enRoute = "2026-03-11T13:00:00.000Z";
  // A fix a second for 30 minutes, zigzagging 30 m either side: every point is shape to
  // Douglas–Peucker, so only the cap holds the line back.
  const zigzag = (): Fix[] =>
    Array.from({ length: 1_800 }, (_, i) => ({
      ...near(i * 10 - 18_000, (i % 2) * 30),
      at: at(enRoute, i * 1_000),
    }));

  it("is capped at the points a page carries, the distance still along every fix", async () => {
    const fixes = zigzag();
    const jobId = await makeJob({
      technicianId: techA,
      status: "done",
      completedAt: at(enRoute, 30 * MIN),
      history: [
        [at(enRoute), "en_route"],
        [at(enRoute, 30 * MIN), "done"],
      ],
    });
    await addFixes(deviceA, fixes);
    const { route } = await jobRecord(db(), jobId);
    expect(route.fixCount).toBe(1_800);
    expect(route.line).toHaveLength(ROUTE_MAX_POINTS);
    expect(route.line[0]).toEqual([fixes[0]!.lng, fixes[0]!.lat]);
    expect(route.line.at(-1)).toEqual([fixes.at(-1)!.lng, fixes.at(-1)!.lat]);
    const expected = 1_799 * Math.hypot(10, 30);
    expect(Math.abs(route.distanceM - expected) / expected).toBeLessThan(0.005);
    expect(route.leg?.enRouteSeconds).toBe(30 * 60);
  });
});

describe("a visit under way", () => {
  const enRoute = "2026-03-12T15:00:00.000Z";

  it("runs to the last fix received, and counts the time en route up to now", async () => {
    const jobId = await makeJob({
      technicianId: techB,
      status: "en_route",
      history: [
        [at(enRoute, -5 * MIN), "assigned"],
        [at(enRoute), "en_route"],
      ],
    });
    await addFixes(deviceB, [
      { ...near(0, -1_000), at: at(enRoute, 5 * MIN) },
      { ...near(0, -500), at: at(enRoute, 10 * MIN) },
      { ...near(0, 0), at: at(enRoute, 15 * MIN) },
      { ...near(0, 800), at: at(enRoute, 25 * MIN) }, // after "now"
    ]);
    await addFixes(deviceA, [{ ...near(-900, 0), at: at(enRoute, 12 * MIN) }]);

    const { route } = await jobRecord(db(), jobId, { now: at(enRoute, 20 * MIN) });
    expect(route.leg).toMatchObject({ arrivedAt: null, endedAt: null, underWay: true, enRouteSeconds: 20 * 60 });
    expect(route.fixCount).toBe(3);
    expect(route.end).toMatchObject({ ...near(0, 0), at: at(enRoute, 15 * MIN).toISOString() });
    expect(Math.abs(route.distanceM - 1_000)).toBeLessThanOrEqual(2);
  });
});

describe("a record without a line says why", () => {
  const day = "2026-03-13T14:00:00.000Z";
  const visit = (): Array<[Date, VisitStatus]> => [
    [at(day), "en_route"],
    [at(day, 20 * MIN), "on_site"],
    [at(day, 60 * MIN), "done"],
  ];

  it.each<{ name: string; make: () => Promise<number>; reason: string; leg: boolean; now?: Date }>([
    {
      name: "the job never went en route",
      make: () =>
        makeJob({
          technicianId: techA,
          status: "done",
          history: [
            [at(day), "assigned"],
            [at(day, 10 * MIN), "on_site"],
            [at(day, 40 * MIN), "done"],
          ],
        }),
      reason: "never_en_route",
      leg: false,
    },
    {
      name: "the technician has no GPS device",
      make: () => makeJob({ technicianId: techNoDevice, status: "done", history: visit() }),
      reason: "no_device",
      leg: true,
    },
    {
      name: "the device sent nothing during the visit",
      make: () => makeJob({ technicianId: techA, status: "done", history: visit() }),
      reason: "no_fixes",
      leg: true,
    },
    {
      name: "the job has no technician",
      make: () => makeJob({ technicianId: null, status: "done", history: visit() }),
      reason: "no_technician",
      leg: true,
    },
    {
      name: "the positions are past their retention",
      make: () => makeJob({ technicianId: techA, status: "done", history: visit() }),
      reason: "expired",
      leg: true,
      now: at(day, 31 * 24 * 60 * MIN),
    },
  ])("$name", async ({ make, reason, leg, now }) => {
    // Positions are kept 30 days here; "now" is the next day unless the case says otherwise.
    const { route } = await jobRecord(db(), await make(), {
      now: now ?? at(day, 24 * 60 * MIN),
      gpsRetentionDays: 30,
    });
    expect(route).toMatchObject({ empty: reason, line: [], start: null, end: null, fixCount: 0, distanceM: 0 });
    expect(route.leg === null).toBe(!leg);
    if (leg) expect(route.leg?.enRouteSeconds).toBe(20 * 60);
  });
});
