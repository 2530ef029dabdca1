/**
 * The GPS path under overload (issue 19): a flood of fixes reaches every dispatcher as each
 * technician's newest position (superseded ones may be shed, the newest never is) while every
 * accepted fix is stored; a full write queue refuses with 503 and Retry-After instead of growing,
 * and what it refused is neither announced nor stored.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { io as connect, type Socket } from "socket.io-client";
import { dispatchTechnicians, gpsPositions, staffUsers, technicianLatestPositions } from "@/server/db/schema";
import { signCollabToken } from "@/server/collab/tokens";
import { createOsmAndHandler } from "@/server/gps/osmand-http";
import { createRealtimeServer } from "@/server/realtime/realtime-server";
import { REALTIME_PATH, type ClientToServerEvents, type ServerToClientEvents } from "@/server/realtime/events";
import { registerOsmAndDevice, type GpsDevice } from "@/server/services/gps/devices";
import type { TechnicianPositionEvent } from "@/server/services/gps/gps-events";
import { localDate } from "@/lib/domain/quebec-dates";
import { createSeededRuntime, type TestRuntime } from "../support/test-runtime";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let runtime: TestRuntime;
let server: http.Server;
let realtime: ReturnType<typeof createRealtimeServer>;
let osmAnd: ReturnType<typeof createOsmAndHandler>;
let base: string;
let dispatcherToken: string;
const devices: Array<{ device: GpsDevice; token: string }> = [];
const clients: Client[] = [];
const db = () => runtime.database.db;

beforeAll(async () => {
  runtime = await createSeededRuntime();
  const technicians = await db().select({ id: dispatchTechnicians.id }).from(dispatchTechnicians).limit(4);
  for (const [i, technician] of technicians.entries())
    devices.push(await registerOsmAndDevice(db(), { technicianId: technician.id, externalId: `flood-${i}` }));
  const [dispatcher] = await db().select().from(staffUsers).where(eq(staffUsers.email, "dispatcher@demo.test"));
  dispatcherToken = signCollabToken(dispatcher!.id, runtime.config.authSecret);
  osmAnd = createOsmAndHandler(runtime);
  // As server/main.ts mounts them: the OsmAnd endpoint and Socket.IO on one HTTP server.
  server = http.createServer((req, res) => {
    if (!osmAnd.handle(req, res)) res.writeHead(404).end();
  });
  realtime = createRealtimeServer(runtime, server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await realtime?.close();
  await new Promise((resolve) => server?.close(resolve));
  await osmAnd?.drain();
  await runtime?.close();
});

function sendFix(
  url: string,
  entry: { device: GpsDevice; token: string },
  fixMs: number,
  lat: number,
): Promise<Response> {
  const query = new URLSearchParams({
    id: entry.device.externalId,
    token: entry.token,
    lat: lat.toFixed(6),
    lon: "-73.6",
    timestamp: (fixMs / 1000).toFixed(3),
  });
  return fetch(`${url}/api/gps/osmand?${query}`);
}

/** A dispatcher on the board days the fixes fall on, keeping every position it receives per technician. */
async function dispatcher(days: string[]): Promise<Map<number, TechnicianPositionEvent[]>> {
  const socket: Client = connect(base, {
    path: REALTIME_PATH,
    transports: ["websocket"],
    auth: { token: dispatcherToken },
    reconnection: false,
  });
  clients.push(socket);
  const received = new Map<number, TechnicianPositionEvent[]>();
  socket.on("positions", (events) => {
    for (const event of events) received.set(event.technicianId, [...(received.get(event.technicianId) ?? []), event]);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  for (const date of days) expect((await socket.emitWithAck("subscribe:board", { date })).ok).toBe(true);
  return received;
}

async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("a flood of fixes for a few technicians", () => {
  it("leaves every dispatcher on each technician's newest fix, never moving back, and stores every accepted fix", async () => {
    const FIXES = 40;
    const flood = devices.slice(0, 3);
    // A fix every 100 ms over the last few seconds, with millisecond times so each is its own row.
    const end = Date.now() - 2_000 - 7;
    const fixMs = (k: number) => end - (FIXES - 1 - k) * 100;
    const days = [...new Set([localDate(new Date(fixMs(0))), localDate(new Date(end))])];
    const dispatchers = await Promise.all([dispatcher(days), dispatcher(days), dispatcher(days)]);

    // All at once and out of order: the first technician's newest arrives first, the second's
    // in order, the third's newest last after everything older.
    const orders = [
      Array.from({ length: FIXES }, (_, k) => FIXES - 1 - k),
      Array.from({ length: FIXES }, (_, k) => k),
      Array.from({ length: FIXES }, (_, k) => (k * 7) % FIXES),
    ];
    const requests = flood.flatMap((entry, t) =>
      orders[t]!.map((k) => sendFix(base, entry, fixMs(k), 45 + t + k / 1000)),
    );
    const answers = await Promise.all(
      requests.map(async (request) => {
        const response = await request;
        return { status: response.status, body: (await response.json()) as unknown };
      }),
    );
    expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
    expect(answers.every((answer) => (answer.body as { stored: boolean }).stored)).toBe(true);

    const newest = new Map(
      flood.map((entry) => [entry.device.technicianId!, new Date(fixMs(FIXES - 1)).toISOString()]),
    );
    const settled = () =>
      dispatchers.every((received) =>
        [...newest].every(([technicianId, fixTime]) => received.get(technicianId)?.at(-1)?.fixTime === fixTime),
      );
    await eventually(settled);
    for (const received of dispatchers) {
      for (const [technicianId, fixTime] of newest) {
        const times = (received.get(technicianId) ?? []).map((event) => Date.parse(event.fixTime));
        expect(times.at(-1)).toBe(Date.parse(fixTime));
        expect(times.every((time, i) => i === 0 || time > times[i - 1]!)).toBe(true);
      }
    }

    const stored = await db()
      .select({ deviceId: gpsPositions.deviceId, fixTime: gpsPositions.fixTime })
      .from(gpsPositions)
      .where(
        inArray(
          gpsPositions.deviceId,
          flood.map((entry) => entry.device.id),
        ),
      );
    expect(stored.map((row) => `${row.deviceId}|${row.fixTime.getTime()}`).sort()).toEqual(
      flood.flatMap((entry) => Array.from({ length: FIXES }, (_, k) => `${entry.device.id}|${fixMs(k)}`)).sort(),
    );
    const latest = await db()
      .select()
      .from(technicianLatestPositions)
      .where(inArray(technicianLatestPositions.technicianId, [...newest.keys()]));
    expect(latest.map((row) => row.fixTime.toISOString())).toEqual([...newest.values()]);
  }, 60_000);
});

describe("a full write queue", () => {
  it("answers 503 with Retry-After, announcing and storing nothing it refused, and takes the fix again once it drained", async () => {
    // The database holds every write until the gate opens: the queue fills and stays full.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const database = db();
    const held = new Proxy(database, {
      get(target, property, receiver) {
        if (property === "execute")
          return async (...args: Parameters<typeof database.execute>) => {
            await gate;
            return target.execute(...args);
          };
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const handler = createOsmAndHandler({ ...runtime, db: held }, { maxQueued: 4, maxDelayMs: 0 });
    const busy = http.createServer((req, res) => {
      if (!handler.handle(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(busy.address() as AddressInfo).port}`;
    const entry = devices[3]!;
    const announced: string[] = [];
    const stop = runtime.events.gps.onPositionChanged((event) => {
      if (event.deviceId === entry.device.id) announced.push(event.fixTime);
    });
    try {
      const end = Date.now() - 60_000 - 3;
      const times = Array.from({ length: 10 }, (_, k) => end + k * 1000);
      const answers = times.map((fixMs, k) =>
        sendFix(url, entry, fixMs, 46 + k / 100).then(async (response) => ({
          fixMs,
          status: response.status,
          retryAfter: response.headers.get("retry-after"),
          body: (await response.json()) as { ok: boolean },
        })),
      );
      const refused: Array<Awaited<(typeof answers)[number]>> = [];
      for (const answer of answers)
        void answer.then((a) => {
          if (a.status === 503) refused.push(a);
        });
      await eventually(() => refused.length === 6);
      expect(refused).toHaveLength(6);
      for (const answer of refused) expect(answer).toMatchObject({ retryAfter: "1", body: { ok: false } });
      open();

      const all = await Promise.all(answers);
      const accepted = all.filter((a) => a.status === 200).map((a) => a.fixMs);
      expect(accepted).toHaveLength(4);
      expect(all.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
      const storedTimes = async () =>
        (
          await db()
            .select({ fixTime: gpsPositions.fixTime })
            .from(gpsPositions)
            .where(eq(gpsPositions.deviceId, entry.device.id))
        )
          .map((row) => row.fixTime.getTime())
          .sort();
      expect(await storedTimes()).toEqual([...accepted].sort());
      const acceptedIso = new Set(accepted.map((ms) => new Date(ms).toISOString()));
      expect(announced.length).toBeGreaterThan(0);
      expect(announced.every((fixTime) => acceptedIso.has(fixTime))).toBe(true);

      // The tracker sends the refused fixes again, one after the other: now there is room.
      for (const answer of refused) expect((await sendFix(url, entry, answer.fixMs, 46)).status).toBe(200);
      expect(await storedTimes()).toEqual([...times].sort());
    } finally {
      stop();
      open();
      await handler.drain();
      await new Promise((resolve) => busy.close(resolve));
    }
  }, 60_000);
});
