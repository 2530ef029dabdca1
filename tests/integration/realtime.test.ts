import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { io as connect, type Socket } from "socket.io-client";
import { dispatchTechnicians, staffUsers } from "@/server/db/schema";
import { signCollabToken } from "@/server/collab/tokens";
import { createRealtimeServer } from "@/server/realtime/realtime-server";
import { REALTIME_PATH, type ClientToServerEvents, type ServerToClientEvents } from "@/server/realtime/events";
import { registerOsmAndDevice } from "@/server/services/gps/devices";
import { directPipeline, ingestOsmAndFix } from "@/server/services/gps/osmand-ingest";
import type { TechnicianPositionEvent } from "@/server/services/gps/gps-events";
import { localDate } from "@/lib/domain/quebec-dates";
import { createSeededRuntime, type TestRuntime } from "../support/test-runtime";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let runtime: TestRuntime;
let server: http.Server;
let realtime: ReturnType<typeof createRealtimeServer>;
let baseUrl: string;
const clients: Client[] = [];
const tokenOf = new Map<string, string>();
let technicianUserId: string;
let ownTechnicianId: number;
let otherTechnicianId: number;
let deviceToken: string;

async function client(email: string | null): Promise<{ socket: Client; error: string | null; refusal: unknown }> {
  const socket: Client = connect(baseUrl, {
    path: REALTIME_PATH,
    transports: ["websocket"],
    auth: email ? { token: tokenOf.get(email) } : {},
    reconnection: false,
  });
  clients.push(socket);
  let refusal: unknown = null;
  const error = await new Promise<string | null>((resolve) => {
    socket.once("connect", () => resolve(null));
    socket.once("connect_error", (e) => {
      refusal = (e as Error & { data?: unknown }).data ?? null;
      resolve(e.message);
    });
  });
  return { socket, error, refusal };
}

beforeAll(async () => {
  runtime = await createSeededRuntime();
  const db = runtime.database.db;
  for (const user of await db.select().from(staffUsers))
    tokenOf.set(user.email, signCollabToken(user.id, runtime.config.authSecret));
  [{ id: technicianUserId }] = (await db
    .select({ id: staffUsers.id })
    .from(staffUsers)
    .where(eq(staffUsers.email, "technician@demo.test"))) as [{ id: string }];
  const technicians = await db.select().from(dispatchTechnicians);
  ownTechnicianId = technicians.find((t) => t.userId === technicianUserId)!.id;
  otherTechnicianId = technicians.find((t) => t.userId !== technicianUserId)!.id;
  ({ token: deviceToken } = await registerOsmAndDevice(db, {
    technicianId: otherTechnicianId,
    externalId: "rt-phone",
  }));
  server = http.createServer((_req, res) => res.writeHead(404).end());
  realtime = createRealtimeServer(runtime, server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await realtime?.close();
  await new Promise((resolve) => server?.close(resolve));
  await runtime?.close();
});

const today = () => localDate(new Date());
const postFix = (lat: number, secondsAgo = 0) =>
  ingestOsmAndFix(
    directPipeline(runtime, runtime.config.authSecret),
    new URLSearchParams({
      id: "rt-phone",
      lat: String(lat),
      lon: "-73.6",
      timestamp: String(Math.floor(Date.now() / 1000) - secondsAgo),
      speed: "5",
    }),
    deviceToken,
    new Date(),
  );

describe("/realtime access", () => {
  it.each([["anonymous", null, /Sign in as staff/, "errors.socket.signIn"]])(
    "refuses %s",
    async (_who, email, message, key) => {
      const { error, refusal } = await client(email);
      expect(error).toMatch(message);
      // The browser reads the key (translated) and `denied` (no point retrying), not the English text.
      expect(refusal).toMatchObject({ denied: true, key });
    },
  );

  it("lets billing in for ticket presence only: no board, no technician", async () => {
    const { socket, error } = await client("billing@demo.test");
    expect(error).toBeNull();
    expect((await socket.emitWithAck("subscribe:board", { date: today() })).ok).toBe(false);
    expect((await socket.emitWithAck("subscribe:technician", { technicianId: otherTechnicianId })).ok).toBe(false);
  });

  it("a technician may follow only their own position", async () => {
    const { socket } = await client("technician@demo.test");
    expect(await socket.emitWithAck("subscribe:technician", { technicianId: otherTechnicianId })).toEqual({
      ok: false,
      error: "Technicians follow only their own position",
      key: "errors.socket.ownPositionOnly",
    });
    expect((await socket.emitWithAck("subscribe:technician", { technicianId: ownTechnicianId })).ok).toBe(true);
  });

  it("refuses a malformed subscription with the reason", async () => {
    const { socket } = await client("dispatcher@demo.test");
    expect(await socket.emitWithAck("subscribe:board", { date: "tomorrow" })).toEqual({
      ok: false,
      error: "date must be YYYY-MM-DD",
      key: "errors.socket.invalidInput",
    });
  });
});

describe("live positions", () => {
  it("a dispatcher subscribed to today's board receives a posted fix, and the ack backfills", async () => {
    await postFix(45.51, 30);
    const { socket } = await client("dispatcher@demo.test");
    const subscribed = await socket.emitWithAck("subscribe:board", { date: today() });
    expect(subscribed.ok && subscribed.data.positions.find((p) => p.technicianId === otherTechnicianId)?.lat).toBe(
      45.51,
    );
    const received = new Promise<TechnicianPositionEvent>((resolve) =>
      socket.on("positions", (events) => {
        const event = events.find((e) => e.lat === 45.52);
        if (event) resolve(event);
      }),
    );
    expect((await postFix(45.52)).status).toBe(200);
    const event = await received;
    expect(event).toMatchObject({ technicianId: otherTechnicianId, source: "osmand", lat: 45.52 });
    expect(event.speedKmh).toBeCloseTo(9.26, 2);
  });

  it("a dispatcher of another day does not receive today's fixes", async () => {
    const { socket } = await client("dispatcher2@demo.test");
    await socket.emitWithAck("subscribe:board", { date: "2020-01-01" });
    let got = 0;
    socket.on("positions", (events) => {
      got += events.length;
    });
    await postFix(45.53);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(got).toBe(0);
  });

  it("a technician shares their browser position; it reaches their room and is stored once", async () => {
    const { socket: tech } = await client("technician@demo.test");
    const { socket: watcher } = await client("support@demo.test");
    await watcher.emitWithAck("subscribe:technician", { technicianId: ownTechnicianId });
    const received = new Promise<TechnicianPositionEvent>((resolve) =>
      watcher.on("positions", (events) => resolve(events[0]!)),
    );
    const timestamp = Date.now() - 1000;
    expect(
      await tech.emitWithAck("position:share", {
        lat: 45.4,
        lng: -73.5,
        timestamp,
        accuracy: 12,
        speed: 10,
        heading: 180,
      }),
    ).toEqual({ ok: true, data: { stored: true } });
    expect(
      await tech.emitWithAck("position:share", {
        lat: 45.4,
        lng: -73.5,
        timestamp,
        accuracy: 12,
        speed: 10,
        heading: 180,
      }),
    ).toEqual({ ok: true, data: { stored: false } });
    expect(await received).toMatchObject({ technicianId: ownTechnicianId, source: "browser", lat: 45.4, speedKmh: 36 });
  });

  it("refuses a shared position from a non-technician or with bad values", async () => {
    const { socket: dispatcher } = await client("dispatcher@demo.test");
    expect(await dispatcher.emitWithAck("position:share", { lat: 45, lng: -73, timestamp: Date.now() })).toEqual({
      ok: false,
      error: "Only a technician on the roster can share a position",
      key: "errors.socket.notOnRoster",
    });
    const { socket: tech } = await client("technician@demo.test");
    const outOfRange = await tech.emitWithAck("position:share", { lat: 145, lng: -73, timestamp: Date.now() });
    expect(outOfRange.ok).toBe(false);
    const future = await tech.emitWithAck("position:share", { lat: 45, lng: -73, timestamp: Date.now() + 3_600_000 });
    expect(future).toMatchObject({
      ok: false,
      error: expect.stringMatching(/future/),
      key: "errors.socket.positionRefused",
      params: { field: "timestamp" },
    });
  });
});
