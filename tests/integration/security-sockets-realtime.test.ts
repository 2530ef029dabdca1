/**
 * Issue 13, items 4 and 13 on /realtime: only who may read the dispatch map follows the whole
 * board; the session cookie is taken only from the app's origin; a signed-out or deactivated
 * user's sockets close; a connection recovered by Socket.IO is authenticated again.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { io as connect, type Socket } from "socket.io-client";
import { staffSessions, staffUsers } from "@/server/db/schema";
import { signCollabToken } from "@/server/collab/tokens";
import { createRealtimeServer } from "@/server/realtime/realtime-server";
import { REALTIME_PATH, type ClientToServerEvents, type ServerToClientEvents } from "@/server/realtime/events";
import { localDate } from "@/lib/domain/quebec-dates";
import { createSeededRuntime, signIn, TEST_BASE_URL, type TestRuntime } from "../support/test-runtime";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
type Realtime = { url: string; realtime: ReturnType<typeof createRealtimeServer>; server: http.Server };

let runtime: TestRuntime;
const servers: Realtime[] = [];
const clients: Client[] = [];
const users: Record<string, { id: string; token: string }> = {};
/** Re-checks sessions every 200 ms; the recovery test uses a server that never does in its time. */
let watched: Realtime;
let unwatched: Realtime;

async function startRealtime(sessionCheckMs: number): Promise<Realtime> {
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const realtime = createRealtimeServer(runtime, server, { sessionCheckMs });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const started = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, realtime, server };
  servers.push(started);
  return started;
}

async function client(
  target: Realtime,
  options: { token?: string; headers?: Record<string, string>; reconnection?: boolean },
): Promise<{ socket: Client; error: string | null }> {
  const socket: Client = connect(target.url, {
    path: REALTIME_PATH,
    transports: ["websocket"],
    auth: options.token ? { token: options.token } : {},
    extraHeaders: options.headers,
    reconnection: options.reconnection ?? false,
    reconnectionDelay: 50,
  });
  clients.push(socket);
  const error = await new Promise<string | null>((resolve) => {
    socket.once("connect", () => resolve(null));
    socket.once("connect_error", (e) => resolve(e.message));
  });
  return { socket, error };
}

async function cookieOf(email: string): Promise<string> {
  const { status, headers } = await signIn(runtime, "staff", email);
  expect(status).toBe(200);
  return headers.get("cookie")!;
}

/** Signs out through the realm's real endpoint, as the sign-out button does. */
async function signOut(cookie: string) {
  const out = await runtime.staffAuth.handler(
    new Request(`${TEST_BASE_URL}/api/auth/staff/sign-out`, {
      method: "POST",
      headers: { cookie, origin: TEST_BASE_URL, "content-type": "application/json" },
      body: "{}",
    }),
  );
  expect(out.status).toBe(200);
}

const disconnected = (socket: Client) =>
  new Promise<string>((resolve) => {
    if (socket.disconnected) resolve("already");
    socket.once("disconnect", (reason) => resolve(reason));
  });

beforeAll(async () => {
  runtime = await createSeededRuntime();
  for (const user of await runtime.database.db.select().from(staffUsers))
    users[user.email.split("@")[0]!] = { id: user.id, token: signCollabToken(user.id, runtime.config.authSecret) };
  watched = await startRealtime(200);
  unwatched = await startRealtime(3_600_000);
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  for (const { realtime, server } of servers) {
    await realtime.close();
    await new Promise((resolve) => server.close(resolve));
  }
  await runtime?.close();
});

const today = () => localDate(new Date());

describe("the whole board's positions (item 4)", () => {
  it("refuses a technician, as dispatch.livePositions does", async () => {
    const { socket, error } = await client(watched, { token: users.technician!.token });
    expect(error).toBeNull();
    expect(await socket.emitWithAck("subscribe:board", { date: today() })).toMatchObject({ ok: false });
  });

  it.each([["dispatcher"], ["support"], ["admin"]])("accepts %s", async (role) => {
    const { socket } = await client(watched, { token: users[role]!.token });
    expect(await socket.emitWithAck("subscribe:board", { date: today() })).toMatchObject({ ok: true });
  });
});

describe("sessions (item 13)", () => {
  it("refuses the session cookie from another origin or none, and takes it from the app's", async () => {
    const cookie = await cookieOf("dispatcher@demo.test");
    expect((await client(watched, { headers: { cookie, origin: "https://evil.example" } })).error).toMatch(/origin/);
    expect((await client(watched, { headers: { cookie } })).error).toMatch(/origin/);
    expect((await client(watched, { headers: { cookie, origin: TEST_BASE_URL } })).error).toBeNull();
  });

  it("signing out closes the open socket", async () => {
    const cookie = await cookieOf("dispatcher2@demo.test");
    const { socket, error } = await client(watched, { headers: { cookie, origin: TEST_BASE_URL } });
    expect(error).toBeNull();
    const gone = disconnected(socket);
    await signOut(cookie);
    expect(await gone).toBe("io server disconnect");
  });

  it("signing out closes the open socket at once, without waiting for the next check", async () => {
    const cookie = await cookieOf("dispatcher@demo.test");
    const { socket, error } = await client(unwatched, { headers: { cookie, origin: TEST_BASE_URL } });
    expect(error).toBeNull();
    const gone = disconnected(socket);
    await signOut(cookie);
    expect(await Promise.race([gone, new Promise((r) => setTimeout(() => r("still open"), 3_000))])).toBe(
      "io server disconnect",
    );
  });

  it("deactivating a staff user closes their token-authenticated socket", async () => {
    const { socket, error } = await client(watched, { token: users.support!.token });
    expect(error).toBeNull();
    const gone = disconnected(socket);
    const db = runtime.database.db;
    await db.update(staffUsers).set({ active: false }).where(eq(staffUsers.id, users.support!.id));
    try {
      expect(await gone).toBe("io server disconnect");
      expect((await client(watched, { token: users.support!.token })).error).toMatch(/Sign in as staff/);
    } finally {
      await db.update(staffUsers).set({ active: true }).where(eq(staffUsers.id, users.support!.id));
    }
  });

  it("a connection recovered after its session ended is refused", async () => {
    const cookie = await cookieOf("admin@demo.test");
    const { socket, error } = await client(unwatched, {
      headers: { cookie, origin: TEST_BASE_URL },
      reconnection: true,
    });
    expect(error).toBeNull();
    // Recovery needs a broadcast the client has seen (its offset).
    const seen = new Promise<void>((resolve) => socket.once("feed:status", () => resolve()));
    unwatched.realtime.io.emit("feed:status", { state: "up", at: new Date().toISOString() } as never);
    await seen;
    await runtime.database.db.delete(staffSessions).where(eq(staffSessions.userId, users.admin!.id));
    const outcome = new Promise<string>((resolve) => {
      socket.once("connect", () => resolve(socket.recovered ? "recovered" : "reconnected"));
      socket.once("connect_error", (e) => resolve(`refused: ${e.message}`));
    });
    // The network drops: the client reconnects at once and asks to recover its session.
    socket.io.engine.close();
    expect(await outcome).toMatch(/^refused: Sign in as staff/);
    socket.disconnect();
  });
});
