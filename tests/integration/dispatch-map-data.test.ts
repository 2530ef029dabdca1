import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { dispatchTechnicians, serviceLocations } from "@/server/db/schema";
import { LOCATION_STATUS_CODES } from "@/server/services/dispatch/map-data";
import { deviceFor } from "@/server/services/gps/devices";
import { recordFixes } from "@/server/services/gps/record-fixes";
import { callerAs, createSeededRuntime, type TestRuntime } from "../support/test-runtime";

/** What the dispatch map loads over HTTP: every service location, and the latest positions as a backfill. */
let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await createSeededRuntime();
});
afterAll(async () => {
  await runtime?.close();
});

describe("dispatch map data", () => {
  it("lists every service location once, as flat columns", async () => {
    const { caller } = await callerAs(runtime, "staff", "dispatcher@demo.test");
    const points = await caller.dispatch.mapLocations();
    const [{ total }] = (await runtime.database.db.select({ total: count() }).from(serviceLocations)) as [
      { total: number },
    ];
    expect(points.ids).toHaveLength(total);
    expect(new Set(points.ids).size).toBe(total);
    expect(points.coordinates).toHaveLength(2 * total);
    expect(points.statuses.every((s) => s >= 0 && s < LOCATION_STATUS_CODES.length)).toBe(true);

    const [first] = await runtime.database.db
      .select()
      .from(serviceLocations)
      .where(eq(serviceLocations.id, points.ids[0]!));
    // Rounded to 5 decimals: off by at most half of 1e-5 (plus float noise), never more.
    expect(Math.abs(points.coordinates[0]! - first!.longitude)).toBeLessThanOrEqual(0.5e-5 + 1e-9);
    expect(Math.abs(points.coordinates[1]! - first!.latitude)).toBeLessThanOrEqual(0.5e-5 + 1e-9);
    expect(LOCATION_STATUS_CODES[points.statuses[0]!]).toBe(first!.status);
  });

  it("backfills the newest position of each technician and the Traccar feed's state", async () => {
    const db = runtime.database.db;
    const [tech] = await db.select({ id: dispatchTechnicians.id }).from(dispatchTechnicians).limit(1);
    const device = await deviceFor(db, {
      source: "browser",
      externalId: "browser:map-test",
      technicianId: tech!.id,
      name: "map test",
    });
    const fix = (secondsAgo: number, lat: number) => ({
      deviceId: "browser:map-test",
      lat,
      lng: -72.7,
      fixTime: new Date(Date.now() - secondsAgo * 1000),
      speedKmh: 30,
      heading: 90,
      accuracyM: 5,
      altitudeM: null,
      battery: null,
    });
    await recordFixes(runtime, device, [fix(30, 45.41), fix(60, 45.4)]);
    runtime.events.traccarFeed.update({
      state: "degraded",
      lastError: "ECONNREFUSED",
      degradedSince: new Date().toISOString(),
      lastFixAt: null,
      fixesStored: 0,
      fixesRejected: 0,
    });

    const { caller } = await callerAs(runtime, "staff", "dispatcher@demo.test");
    const live = await caller.dispatch.livePositions();
    const mine = live.positions.filter((p) => p.technicianId === tech!.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.lat).toBe(45.41);
    expect(live.feed).toMatchObject({ state: "degraded", lastError: "ECONNREFUSED" });
  });
});
