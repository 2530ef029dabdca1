import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type * as Y from "yjs";
import { io as connect, type Socket } from "socket.io-client";
import { localDate } from "@/lib/domain/quebec-dates";
import { boardDocumentName } from "@/lib/domain/board/types";
import { signCollabToken } from "@/server/collab/tokens";
import { dispatchTechnicians, staffUsers } from "@/server/db/schema";
import { REALTIME_PATH, type ClientToServerEvents, type ServerToClientEvents } from "@/server/realtime/events";
import { registerOsmAndDevice } from "@/server/services/gps/devices";
import type { TechnicianPositionEvent } from "@/server/services/gps/gps-events";
import { startAppServer, type AppServer } from "../support/app-server";
import { connectBoard, eventually, type BoardClient } from "../support/collab-client";
import { startTestRedis, type TestRedis } from "../support/redis-server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { nextWeekday } from "../support/board-picks";

/**
 * Two instances of the product on two ports, one PostgreSQL and one Redis: what a load
 * balancer in front of them needs. PGlite admits one process, so this needs DATABASE_URL.
 */
const scaleOut = describe.skipIf(!process.env.DATABASE_URL);

let database: TestDatabase;
let redis: TestRedis;
let one: AppServer;
let two: AppServer;
let dispatcherToken: string;
let deviceToken: string;
let technicianId: number;
// Fixes dated now belong to today's board; board edits need a day with jobs, and weekends have none.
const date = localDate(new Date());
const boardDate = nextWeekday(date);
const boards: BoardClient[] = [];
const sockets: Array<Socket<ServerToClientEvents, ClientToServerEvents>> = [];

scaleOut("two instances behind a load balancer", () => {
  beforeAll(async () => {
    const authSecret = randomBytes(32).toString("base64");
    [database, redis] = await Promise.all([createTestDatabase({ seeded: true }), startTestRedis()]);
    const encryptionKey = database.encryptionKey!.toString("hex");
    const db = database.handle.db;
    const [dispatcher] = await db.select().from(staffUsers).where(eq(staffUsers.email, "dispatcher@demo.test"));
    dispatcherToken = signCollabToken(dispatcher!.id, authSecret);
    [{ id: technicianId }] = (await db.select({ id: dispatchTechnicians.id }).from(dispatchTechnicians).limit(1)) as [
      { id: number },
    ];
    ({ token: deviceToken } = await registerOsmAndDevice(db, { technicianId, externalId: "scale-phone" }));
    const shared = { databaseUrl: database.url!, authSecret, encryptionKey };
    [one, two] = await Promise.all([
      startAppServer({ shared, env: { REDIS_URL: redis.url, AUTO_SEED: "0" } }),
      startAppServer({ shared, env: { REDIS_URL: redis.url, AUTO_SEED: "0" } }),
    ]);
  }, 180_000);

  afterAll(async () => {
    for (const board of boards) board.destroy();
    for (const socket of sockets) socket.disconnect();
    await Promise.all([one?.stop(), two?.stop()]);
    await redis?.stop();
    await database?.drop();
  });

  const openBoard = async (server: AppServer) => {
    const board = await connectBoard({
      url: `${server.baseUrl.replace("http", "ws")}/collab`,
      name: boardDocumentName(boardDate),
      token: dispatcherToken,
    });
    boards.push(board);
    return board;
  };
  const jobTitle = (board: BoardClient, jobId: string) =>
    (board.doc.getMap("jobs").get(jobId) as Y.Map<unknown> | undefined)?.get("title");
  const setTitle = (board: BoardClient, jobId: string, title: string) =>
    (board.doc.getMap("jobs").get(jobId) as Y.Map<unknown>).set("title", title);
  const anyJobId = (board: BoardClient) => [...board.doc.getMap("jobs").keys()][0]!;

  const positionsOn = async (server: AppServer) => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(server.baseUrl, {
      path: REALTIME_PATH,
      transports: ["websocket"],
      auth: { token: dispatcherToken },
    });
    sockets.push(socket);
    const received: TechnicianPositionEvent[] = [];
    socket.on("positions", (events) => received.push(...events));
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    const ack = await socket.emitWithAck("subscribe:board", { date });
    expect(ack.ok).toBe(true);
    return received;
  };
  const postFix = (server: AppServer, lat: number) =>
    fetch(
      `${server.baseUrl}/api/gps/osmand?${new URLSearchParams({ id: "scale-phone", token: deviceToken, lat: String(lat), lon: "-73.6", timestamp: String(Date.now() / 1000) })}`,
    );

  it("a board edit on instance 1 reaches a client of instance 2", async () => {
    const [a, b] = await Promise.all([openBoard(one), openBoard(two)]);
    const jobId = anyJobId(a);
    setTitle(a, jobId, "Edited on instance 1");
    await eventually(
      () => jobTitle(b, jobId),
      (title) => title === "Edited on instance 1",
      10_000,
    );
  });

  it("a fix posted to instance 1 reaches a dispatcher on instance 2", async () => {
    const received = await positionsOn(two);
    expect((await postFix(one, 45.61)).status).toBe(200);
    await eventually(
      () => received.map((e) => e.lat),
      (lats) => lats.includes(45.61),
      10_000,
    );
    expect(received.find((e) => e.lat === 45.61)!.technicianId).toBe(technicianId);
  });

  it("with Redis stopped for 10 seconds both instances stay up, and they converge once it returns", async () => {
    const [a, b] = [boards[0]!, boards[1]!];
    const [first, second] = [...a.doc.getMap("jobs").keys()].slice(1, 3) as [string, string];
    const received = await positionsOn(two);
    await redis.stop();
    setTitle(a, first, "During the outage, on 1");
    setTitle(b, second, "During the outage, on 2");
    const outageEnds = Date.now() + 10_000;
    while (Date.now() < outageEnds) {
      for (const server of [one, two]) expect((await fetch(`${server.baseUrl}/sign-in`)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
    // Fixes are stored during the outage (PostgreSQL is the source of truth).
    expect((await postFix(one, 45.62)).status).toBe(200);
    await redis.start();
    await eventually(
      () => [jobTitle(b, first), jobTitle(a, second)],
      ([x, y]) => x === "During the outage, on 1" && y === "During the outage, on 2",
      20_000,
    );
    expect((await postFix(one, 45.63)).status).toBe(200);
    await eventually(
      () => received.map((e) => e.lat),
      (lats) => lats.includes(45.63),
      20_000,
    );
    expect(one.process.exitCode).toBeNull();
    expect(two.process.exitCode).toBeNull();
  }, 90_000);
});
