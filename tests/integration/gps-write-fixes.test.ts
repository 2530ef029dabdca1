import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import type { GpsFix } from "@/lib/domain/gps/fix";
import { dispatchTechnicians, gpsPositions, technicianLatestPositions } from "@/server/db/schema";
import { deviceFor, type GpsDevice } from "@/server/services/gps/devices";
import { FixIngestor } from "@/server/services/gps/fix-ingestor";
import type { TechnicianPositionEvent } from "@/server/services/gps/gps-events";
import { fixKey, writeFixes } from "@/server/services/gps/record-fixes";
import { createSeededRuntime, type TestRuntime } from "../support/test-runtime";

let runtime: TestRuntime;
let first: GpsDevice;
let second: GpsDevice;
let spare: GpsDevice;
const db = () => runtime.database.db;

// Whole milliseconds that are not whole seconds: the fix time must survive the round trip exactly.
const base = Math.floor(Date.now() / 1000) * 1000 - 600_000 + 123;
const fix = (device: GpsDevice, offsetMs: number, lat: number, speedKmh: number | null = 36.5): GpsFix => ({
  deviceId: device.externalId,
  lat,
  lng: -73.6,
  fixTime: new Date(base + offsetMs),
  speedKmh,
  heading: 90,
  accuracyM: 5,
  altitudeM: 30,
  battery: 80,
});
const latestOf = async (technicianId: number) =>
  (
    await db().select().from(technicianLatestPositions).where(eq(technicianLatestPositions.technicianId, technicianId))
  )[0] ?? null;

beforeAll(async () => {
  runtime = await createSeededRuntime();
  const [a, b] = await db().select().from(dispatchTechnicians).limit(2);
  first = await deviceFor(db(), { source: "traccar", externalId: "write-fixes-1", technicianId: a!.id, name: "one" });
  second = await deviceFor(db(), { source: "browser", externalId: "write-fixes-2", technicianId: b!.id, name: "two" });
  spare = await deviceFor(db(), {
    source: "traccar",
    externalId: "write-fixes-spare",
    technicianId: null,
    name: "spare",
  });
});
afterAll(async () => {
  await runtime?.close();
});

describe("writeFixes: several devices' fixes in one statement", () => {
  it("stores each fix once, says which were stored, and moves each technician to its newest fix", async () => {
    await writeFixes(db(), [{ device: first, fix: fix(first, 0, 45.0) }]);
    const items = [
      { device: first, fix: fix(first, 0, 45.0) }, // already stored
      { device: first, fix: fix(first, 2_000, 45.2) },
      { device: first, fix: fix(first, 1_000, 45.1) }, // older than the other in this batch
      { device: second, fix: fix(second, 500, 46.0, null) },
      { device: second, fix: fix(second, 500, 46.0, null) }, // the same fix twice in one batch
      { device: spare, fix: fix(spare, 700, 47.0) }, // no technician: stored, moves nothing
    ];
    const { stored, moved } = await writeFixes(db(), items, { moved: true });

    expect([...stored].sort()).toEqual(
      [
        fixKey(first.id, base + 1_000),
        fixKey(first.id, base + 2_000),
        fixKey(second.id, base + 500),
        fixKey(spare.id, base + 700),
      ].sort(),
    );
    const rows = await db().select().from(gpsPositions).where(eq(gpsPositions.deviceId, first.id));
    expect(rows.map((r) => r.fixTime.getTime()).sort()).toEqual([base, base + 1_000, base + 2_000]);
    const [secondRow] = await db()
      .select()
      .from(gpsPositions)
      .where(and(eq(gpsPositions.deviceId, second.id), eq(gpsPositions.fixTime, new Date(base + 500))));
    expect(secondRow).toMatchObject({
      lat: 46,
      speedKmh: null,
      heading: 90,
      accuracyM: 5,
      altitudeM: 30,
      battery: 80,
      technicianId: second.technicianId,
    });

    expect(
      moved.map((m) => [m.technicianId, m.deviceId, m.source, m.fixTime.getTime(), m.lat, m.speedKmh]).sort(),
    ).toEqual(
      [
        [first.technicianId, first.id, "traccar", base + 2_000, 45.2, 36.5],
        [second.technicianId, second.id, "browser", base + 500, 46, null],
      ].sort(),
    );
    expect(await latestOf(first.technicianId!)).toMatchObject({
      deviceId: first.id,
      source: "traccar",
      lat: 45.2,
      fixTime: new Date(base + 2_000),
    });
  });

  it("never moves the latest position back to an older fix, and reports no move without { moved }", async () => {
    const older = await writeFixes(db(), [{ device: first, fix: fix(first, 1_500, 45.15) }], { moved: true });
    expect([...older.stored]).toEqual([fixKey(first.id, base + 1_500)]);
    expect(older.moved).toEqual([]);
    expect((await latestOf(first.technicianId!))!.lat).toBe(45.2);

    const newer = await writeFixes(db(), [{ device: first, fix: fix(first, 3_000, 45.3) }]);
    expect([...newer.stored]).toEqual([fixKey(first.id, base + 3_000)]);
    expect(newer.moved).toEqual([]);
    expect((await latestOf(first.technicianId!))!.lat).toBe(45.3);
  });

  it("does nothing for an empty batch", async () => {
    expect(await writeFixes(db(), [])).toEqual({ stored: new Set(), moved: [] });
  });
});

describe("FixIngestor", () => {
  it("announces a newer fix before writing it, answers only once it is stored, and batches what arrives together", async () => {
    const ingestor = new FixIngestor(runtime, { maxDelayMs: 200 });
    const seen: TechnicianPositionEvent[] = [];
    let announced!: () => void;
    const firstAnnouncement = new Promise<void>((resolve) => {
      announced = resolve;
    });
    const stop = runtime.events.gps.onPositionChanged((event) => {
      if (event.deviceId === second.id) {
        seen.push(event);
        announced();
      }
    });
    try {
      const answers = [
        ingestor.submit(second, fix(second, 10_000, 46.1)),
        ingestor.submit(second, fix(second, 9_000, 46.09)), // older than the one before: stored, not announced
        ingestor.submit(second, fix(second, 10_000, 46.1)), // a duplicate in the same batch
      ];
      await firstAnnouncement;
      // Announced, not yet written: the batch waits up to 200 ms for more fixes.
      expect(
        await db()
          .select()
          .from(gpsPositions)
          .where(and(eq(gpsPositions.deviceId, second.id), eq(gpsPositions.fixTime, new Date(base + 10_000)))),
      ).toEqual([]);

      expect(await Promise.all(answers)).toEqual([{ stored: true }, { stored: true }, { stored: false }]);
      expect(seen.map((e) => [e.fixTime, e.lat])).toEqual([[new Date(base + 10_000).toISOString(), 46.1]]);
      const rows = await db().select().from(gpsPositions).where(eq(gpsPositions.deviceId, second.id));
      expect(rows.map((r) => r.fixTime.getTime()).sort()).toEqual([base + 500, base + 9_000, base + 10_000]);
      expect((await latestOf(second.technicianId!))!.lat).toBe(46.1);
    } finally {
      stop();
      await ingestor.drain();
    }
  });

  it("reads the latest fix time of technicians it has not seen in one query when their first fixes come together", async () => {
    const technicians = await db()
      .insert(dispatchTechnicians)
      .values(
        Array.from({ length: 6 }, (_, i) => ({
          name: `First contact ${i}`,
          color: "#336699",
          homeLat: 45.5,
          homeLng: -73.6,
        })),
      )
      .returning({ id: dispatchTechnicians.id });
    const devices = await Promise.all(
      technicians.map((t, i) =>
        deviceFor(db(), { source: "traccar", externalId: `first-contact-${i}`, technicianId: t.id, name: `fc ${i}` }),
      ),
    );
    // One of them already has a stored position, newer than the fix it now sends: not announced.
    await writeFixes(db(), [{ device: devices[0]!, fix: fix(devices[0]!, 50_000, 45.9) }]);
    const ingestor = new FixIngestor(runtime, { maxDelayMs: 0 });
    const announced: number[] = [];
    const stop = runtime.events.gps.onPositionChanged((event) => {
      if (devices.some((d) => d.id === event.deviceId)) announced.push(event.deviceId);
    });
    const reads = vi.spyOn(runtime.database.db, "select");
    try {
      await Promise.all(devices.map((device) => ingestor.submit(device, fix(device, 40_000, 45.8))));
      // Six technicians, one query for their latest fix times (the writes select nothing).
      expect(reads).toHaveBeenCalledTimes(1);
      expect(announced.sort()).toEqual(
        devices
          .slice(1)
          .map((d) => d.id)
          .sort(),
      );
      // Known from now on: a second fix each reads nothing.
      await Promise.all(devices.map((device) => ingestor.submit(device, fix(device, 60_000, 45.81))));
      expect(reads).toHaveBeenCalledTimes(1);
      expect(announced).toHaveLength(5 + 6);
    } finally {
      reads.mockRestore();
      stop();
      await ingestor.drain();
    }
  });
});
