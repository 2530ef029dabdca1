import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq, lt } from "drizzle-orm";
import { dispatchTechnicians, gpsDevices, gpsPositions, technicianLatestPositions } from "@/server/db/schema";
import { cachedOsmAndAuthenticator, provisioningToken, registerOsmAndDevice } from "@/server/services/gps/devices";
import type { TechnicianPositionEvent } from "@/server/services/gps/gps-events";
import { pruneGpsPositions } from "@/server/services/gps/record-fixes";
import { createOsmAndHandler } from "@/server/gps/osmand-http";
import { createSeededRuntime, type TestRuntime } from "../support/test-runtime";

let runtime: TestRuntime;
let technicianId: number;
let token: string;
const DEVICE = "phone-tech-1";
let server: http.Server;
let osmAnd: ReturnType<typeof createOsmAndHandler>;
let base: string;

/** Requests go over real HTTP to the handler server/main.ts mounts before Next. */
const GET = (request: Request) => fetch(request.url.replace("http://localhost", base));
const POST = async (request: Request) =>
  fetch(request.url.replace("http://localhost", base), {
    method: "POST",
    headers: request.headers,
    body: await request.text(),
  });

beforeAll(async () => {
  runtime = await createSeededRuntime();
  const [technician] = await runtime.database.db
    .select({ id: dispatchTechnicians.id })
    .from(dispatchTechnicians)
    .limit(1);
  technicianId = technician!.id;
  ({ token } = await registerOsmAndDevice(runtime.database.db, { technicianId, externalId: DEVICE }));
  osmAnd = createOsmAndHandler(runtime);
  server = http.createServer((req, res) => {
    if (!osmAnd.handle(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await runtime?.close();
});

const db = () => runtime.database.db;
const storedCount = async () => (await db().select({ n: count() }).from(gpsPositions))[0]!.n;

function send(fields: Record<string, string | number>, authToken: string | null = token) {
  const params = new URLSearchParams(Object.entries({ id: DEVICE, ...fields }).map(([k, v]) => [k, String(v)]));
  if (authToken !== null) params.set("token", authToken);
  return GET(new Request(`http://localhost/api/gps/osmand?${params}`));
}

describe("OsmAnd endpoint: bad input is refused and stores nothing", () => {
  const now = () => Math.floor(Date.now() / 1000);
  it.each([
    ["a wrong token", () => send({ lat: 45.5, lon: -73.6, timestamp: now() }, "not-the-token"), 401],
    ["no token", () => send({ lat: 45.5, lon: -73.6, timestamp: now() }, null), 401],
    [
      "an unknown device",
      () =>
        GET(new Request(`http://localhost/api/gps/osmand?id=ghost&lat=45&lon=-73&timestamp=${now()}&token=${token}`)),
      401,
    ],
    ["a latitude out of range", () => send({ lat: 95, lon: -73.6, timestamp: now() }), 400],
    ["a timestamp from the future", () => send({ lat: 45.5, lon: -73.6, timestamp: now() + 3600 }), 400],
    ["a timestamp years old", () => send({ lat: 45.5, lon: -73.6, timestamp: now() - 3 * 365 * 86400 }), 400],
    ["a missing longitude", () => send({ lat: 45.5, timestamp: now() }), 400],
    [
      "a missing device id",
      () => GET(new Request(`http://localhost/api/gps/osmand?lat=45&lon=-73&timestamp=${now()}`)),
      400,
    ],
  ])("refuses %s with its status and stores nothing", async (_name, request, status) => {
    const before = await storedCount();
    const response = await request();
    expect(response.status).toBe(status);
    const body = (await response.json()) as { ok: boolean; error: string };
    expect(body.ok).toBe(false);
    expect(body.error).toMatch(/\w{4,}/);
    expect(await storedCount()).toBe(before);
  });

  it("refuses a JSON body with 415 and a form body over 4 KiB with 413", async () => {
    const json = await POST(
      new Request("http://localhost/api/gps/osmand", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      }),
    );
    expect(json.status).toBe(415);
    const big = await POST(
      new Request("http://localhost/api/gps/osmand", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: `id=${DEVICE}&pad=${"x".repeat(5000)}`,
      }),
    );
    expect(big.status).toBe(413);
  });

  it("accepts a POSTed form with a Bearer token", async () => {
    const response = await POST(
      new Request("http://localhost/api/gps/osmand", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Bearer ${token}` },
        body: `id=${DEVICE}&lat=45.4&lon=-73.5&timestamp=${now() - 7200}&speed=0`,
      }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, stored: true });
  });

  it("still checks every token of a device it has just accepted and remembers", async () => {
    expect((await send({ lat: 45.41, lon: -73.5, timestamp: now() - 7100 })).status).toBe(200);
    const before = await storedCount();
    const sameLength = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    for (const wrong of [sameLength, `${token}x`, "short"]) {
      expect((await send({ lat: 45.42, lon: -73.5, timestamp: now() - 7000 }, wrong)).status).toBe(401);
    }
    expect(await storedCount()).toBe(before);
  });
});

describe("provisioning tokens of the trackers listed on technicians", () => {
  const fix = (id: string, authToken: string) =>
    GET(
      new Request(
        `http://localhost/api/gps/osmand?${new URLSearchParams({ id, token: authToken, lat: "45.3", lon: "-72.7", timestamp: String(Math.floor(Date.now() / 1000) - 5) })}`,
      ),
    );

  it("creates the device on its first fix and maps it to the technician", async () => {
    const [technician] = await db()
      .select()
      .from(dispatchTechnicians)
      .where(eq(dispatchTechnicians.gpsDeviceId, "TRK-1002"));
    const response = await fix("TRK-1002", provisioningToken("TRK-1002", runtime.config.authSecret));
    expect(response.status).toBe(200);
    const [device] = await db().select().from(gpsDevices).where(eq(gpsDevices.externalId, "TRK-1002"));
    expect(device).toMatchObject({ source: "osmand", technicianId: technician!.id, tokenHash: null });
    const [latest] = await db()
      .select()
      .from(technicianLatestPositions)
      .where(eq(technicianLatestPositions.technicianId, technician!.id));
    expect(latest!.lat).toBe(45.3);
  });

  it.each([
    ["another device's token", "TRK-1003", () => provisioningToken("TRK-1004", runtime.config.authSecret)],
    ["a token signed with another secret", "TRK-1003", () => provisioningToken("TRK-1003", "not-the-secret")],
    [
      "a valid signature for an id no technician has",
      "TRK-9999",
      () => provisioningToken("TRK-9999", runtime.config.authSecret),
    ],
  ])("refuses %s", async (_name, id, authToken) => {
    const before = await db().select().from(gpsDevices);
    expect((await fix(id, authToken())).status).toBe(401);
    expect(await db().select().from(gpsDevices)).toHaveLength(before.length);
  });

  it("refuses a deactivated device even with the right token, once the endpoint's memory of it expires", async () => {
    await db().update(gpsDevices).set({ active: false }).where(eq(gpsDevices.externalId, "TRK-1002"));
    // The endpoint remembers authenticated devices for 30 s; a fresh one (a restart) has no memory.
    const fresh = createOsmAndHandler(runtime);
    const other = http.createServer((req, res) => {
      if (!fresh.handle(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    try {
      const query = new URLSearchParams({
        id: "TRK-1002",
        token: provisioningToken("TRK-1002", runtime.config.authSecret),
        lat: "45.3",
        lon: "-72.7",
        timestamp: String(Math.floor(Date.now() / 1000) - 1),
      });
      expect(
        (await fetch(`http://127.0.0.1:${(other.address() as AddressInfo).port}/api/gps/osmand?${query}`)).status,
      ).toBe(401);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});

describe("OsmAnd replay of a one-hour track at 50× with duplicates and out-of-order fixes", () => {
  it("stores each fix once and keeps the newest as the latest position; the marker never moves back", async () => {
    // A fix every 5 s of track time for one hour, driving north-east; at 500× that is one request every 10 ms
    // (the order and the duplicates are what is tested; real-time pacing would only make the file slow).
    const end = Math.floor(Date.now() / 1000) - 60;
    const track = Array.from({ length: 720 }, (_, i) => ({
      timestamp: end - 3600 + (i + 1) * 5,
      lat: 45.5 + i * 0.0002,
      lon: -73.6 + i * 0.0003,
      speed: 20,
      bearing: 45,
    }));
    // Delivery order: every 10th fix arrives three places late, every 7th is delivered twice.
    const order: number[] = [];
    for (let i = 0; i < track.length; i++) order.push(i);
    for (let i = 9; i < order.length - 3; i += 10) order.splice(i + 3, 0, order.splice(i, 1)[0]!);
    const deliveries = order.flatMap((i) => (i % 7 === 0 ? [i, i] : [i]));
    // The newest fix arrives before an older one at the very end.
    const newest = deliveries.indexOf(track.length - 1);
    deliveries.splice(newest, 1);
    deliveries.splice(deliveries.length - 1, 0, track.length - 1);

    const seen: TechnicianPositionEvent[] = [];
    const stop = runtime.events.gps.onPositionChanged((event) => {
      if (event.technicianId === technicianId) seen.push(event);
    });
    const before = await storedCount();
    const started = Date.now();
    const statuses = new Map<number, number>();
    const pending: Array<Promise<void>> = [];
    for (const [n, i] of deliveries.entries()) {
      const due = started + n * (5000 / 500) * (track.length / deliveries.length);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
      // Duplicates are sent concurrently with the original, as a retrying tracker would.
      pending.push(
        send(track[i]!).then((response) => {
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }),
      );
    }
    await Promise.all(pending);
    stop();

    expect([...statuses.keys()]).toEqual([200]);
    expect(await storedCount()).toBe(before + track.length);
    const perFix = await db()
      .select({ n: count() })
      .from(gpsPositions)
      .groupBy(gpsPositions.deviceId, gpsPositions.fixTime);
    expect(perFix.every((row) => row.n === 1)).toBe(true);
    const [latest] = await db()
      .select()
      .from(technicianLatestPositions)
      .where(eq(technicianLatestPositions.technicianId, technicianId));
    expect(latest!.fixTime.getTime()).toBe(track.at(-1)!.timestamp * 1000);
    expect(latest!.lat).toBeCloseTo(track.at(-1)!.lat, 9);
    expect(latest!.speedKmh).toBeCloseTo(20 * 1.852, 3);
    const times = seen.map((event) => Date.parse(event.fixTime));
    expect(times.length).toBeGreaterThan(100);
    expect(times.every((t, k) => k === 0 || t > times[k - 1]!)).toBe(true);
  }, 120_000);

  it("prunes positions older than the retention and keeps the rest", async () => {
    const total = await storedCount();
    const cutoff = new Date(Date.now() - 30 * 60_000);
    const [{ older }] = (await db()
      .select({ older: count() })
      .from(gpsPositions)
      .where(lt(gpsPositions.fixTime, cutoff))) as [{ older: number }];
    expect(older).toBeGreaterThan(0);
    expect(await pruneGpsPositions(db(), cutoff, 100)).toBe(older);
    expect(await storedCount()).toBe(total - older);
  });

  it("answers from an expired memory at once and renews it behind: a deactivated device is refused after the renewal", async () => {
    const [technician] = await db().select({ id: dispatchTechnicians.id }).from(dispatchTechnicians).limit(1);
    const { device, token: deviceToken } = await registerOsmAndDevice(db(), {
      technicianId: technician!.id,
      externalId: "RENEW-1",
    });
    // Every entry expires at once: each hit renews.
    const authenticate = cachedOsmAndAuthenticator(db(), runtime.config.authSecret, 0);
    expect(await authenticate("RENEW-1", "another-token-of-the-same-length-000000")).toBeNull();
    expect((await authenticate("RENEW-1", deviceToken))?.id).toBe(device.id);
    await db().update(gpsDevices).set({ active: false }).where(eq(gpsDevices.id, device.id));
    // Still the remembered device, no database wait; the renewal it started sees the deactivation.
    expect((await authenticate("RENEW-1", deviceToken))?.id).toBe(device.id);
    await expect.poll(() => authenticate("RENEW-1", deviceToken), { timeout: 5_000 }).toBeNull();
  });
});
