import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { dispatchTechnicians, technicianLatestPositions } from "@/server/db/schema";
import type { TraccarPosition } from "@/server/integrations/traccar/traccar-client";
import { TraccarFeed } from "@/server/services/gps/traccar-feed";
import { startFakeTraccar, type FakeTraccar } from "../fakes/traccar-server";
import { eventually } from "../support/collab-client";
import { createSeededRuntime, type TestRuntime } from "../support/test-runtime";

let runtime: TestRuntime;
let traccar: FakeTraccar;
let feed: TraccarFeed;
const techIdByDevice = new Map<string, number>();

let positionId = 0;
function position(deviceId: number, secondsAgo: number, lat: number, speedKnots = 10): TraccarPosition {
  return {
    id: ++positionId,
    deviceId,
    fixTime: new Date(Date.now() - secondsAgo * 1000).toISOString(),
    latitude: lat,
    longitude: -73.6,
    speed: speedKnots,
    course: 90,
    altitude: 20,
    accuracy: 5,
    valid: true,
    attributes: { batteryLevel: 80 },
  };
}

const latestOf = async (uniqueId: string) => {
  const [row] = await runtime.database.db
    .select()
    .from(technicianLatestPositions)
    .where(eq(technicianLatestPositions.technicianId, techIdByDevice.get(uniqueId)!));
  return row ?? null;
};

beforeAll(async () => {
  runtime = await createSeededRuntime();
  const technicians = await runtime.database.db
    .select({ id: dispatchTechnicians.id, gpsDeviceId: dispatchTechnicians.gpsDeviceId })
    .from(dispatchTechnicians);
  for (const t of technicians) if (t.gpsDeviceId) techIdByDevice.set(t.gpsDeviceId, t.id);
  traccar = await startFakeTraccar();
  traccar.devices = [
    { id: 1, name: "Van 1", uniqueId: "TRK-1001", status: "online", lastUpdate: null },
    { id: 2, name: "Van 2", uniqueId: "TRK-1002", status: "online", lastUpdate: null },
    { id: 9, name: "Spare", uniqueId: "NOT-A-TECH", status: "offline", lastUpdate: null },
  ];
  traccar.push([position(1, 120, 45.5)]);
  feed = new TraccarFeed(runtime, {
    baseUrl: traccar.baseUrl,
    email: "admin@traccar.test",
    password: "secret",
    backoffMs: 50,
    maxBackoffMs: 200,
    timeoutMs: 1000,
  });
  feed.start();
});
afterAll(async () => {
  await feed?.stop();
  await traccar?.close();
  await runtime?.close();
});

describe("Traccar feed", () => {
  it("backfills the latest positions over REST, converting knots to km/h", async () => {
    await eventually(
      () => feed.status().state,
      (state) => state === "connected",
    );
    const latest = await eventually(
      () => latestOf("TRK-1001"),
      (row) => row !== null,
    );
    expect(latest!.lat).toBeCloseTo(45.5, 9);
    expect(latest!.speedKmh).toBeCloseTo(18.52, 2);
    expect(latest!.source).toBe("traccar");
  });

  it("follows the socket stream, and ignores a late fix older than the latest", async () => {
    await eventually(
      () => traccar.socketCount(),
      (n) => n === 1,
    );
    traccar.push([position(2, 30, 45.6), position(1, 10, 45.51)]);
    await eventually(
      () => latestOf("TRK-1002"),
      (row) => row?.lat === 45.6,
    );
    await eventually(
      () => latestOf("TRK-1001"),
      (row) => row?.lat === 45.51,
    );
    traccar.push([position(1, 300, 45.49)]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await latestOf("TRK-1001"))!.lat).toBe(45.51);
  });

  it("goes degraded on garbage, keeps the last positions, and recovers by itself", async () => {
    traccar.mode = "garbage";
    traccar.push([position(1, 5, 45.7)]);
    await eventually(
      () => feed.status(),
      (s) => s.state === "degraded" && /unreadable|not JSON|unexpected/.test(s.lastError ?? ""),
    );
    expect((await latestOf("TRK-1001"))!.lat).toBe(45.51);
    traccar.mode = "ok";
    await eventually(
      () => feed.status().state,
      (state) => state === "connected",
      5000,
    );
    // The REST backfill after reconnecting picks up the fix pushed while the feed was degraded.
    await eventually(
      () => latestOf("TRK-1001"),
      (row) => row?.lat === 45.7,
    );
  });

  it("goes degraded while Traccar is down and recovers when it is back on the same address", async () => {
    await traccar.down();
    await eventually(
      () => feed.status(),
      (s) => s.state === "degraded" && s.degradedSince !== null,
    );
    expect((await latestOf("TRK-1002"))!.lat).toBe(45.6);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await traccar.up();
    await eventually(
      () => feed.status().state,
      (state) => state === "connected",
      5000,
    );
    await eventually(
      () => traccar.socketCount(),
      (n) => n === 1,
    );
    traccar.push([position(2, 1, 45.65)]);
    await eventually(
      () => latestOf("TRK-1002"),
      (row) => row?.lat === 45.65,
    );
    expect(feed.status().fixesRejected).toBe(0);
  });
});
