/**
 * Issue 13, items 5, 6 and 13 on /collab: presence is the server's, the audit actor is the
 * connection's user, a job key of another day writes nothing, frames are bounded, the session
 * cookie is taken only from the app's origin, and a signed-out or deactivated user's sockets close.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import * as Y from "yjs";
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from "y-protocols/awareness";
import { auditLog, collabUpdates, dispatchJobs, staffUsers } from "@/server/db/schema";
import { signCollabToken } from "@/server/collab/tokens";
import { setRuntime } from "@/server/runtime";
import { GET as collabTokenRoute } from "@/app/api/collab/token/route";
import { loadBoardJobsMissingFrom } from "@/server/services/dispatch/board-rows";
import { assignJob } from "@/lib/domain/board/operations";
import { getMaps, readBoard, upsertJob } from "@/lib/domain/board/doc";
import { localDate } from "@/lib/domain/quebec-dates";
import { createSeededRuntime, signIn, TEST_BASE_URL, type TestRuntime } from "../support/test-runtime";
import { acknowledged, connectBoard, eventually, type BoardClient } from "../support/collab-client";
import { startCollabHarness } from "../support/collab-harness";
import { freeSlot, nextWeekday } from "../support/board-picks";

let runtime: TestRuntime;
let harness: Awaited<ReturnType<typeof startCollabHarness>>;
const clients: BoardClient[] = [];
const users: Record<string, { id: string; name: string; token: string }> = {};
let date: string;
let name: string;

async function connect(role: string, board = name): Promise<BoardClient> {
  const client = await connectBoard({ url: harness.url, name: board, token: users[role]!.token });
  clients.push(client);
  return client;
}

/** A cookie-authenticated board client, as a browser page of `origin` would open it. */
async function connectWithCookie(cookie: string, origin: string): Promise<BoardClient> {
  const client = await connectBoard({ url: harness.url, name, token: "", headers: { cookie, origin } });
  clients.push(client);
  return client;
}

/**
 * Resolves when the server closes the client's socket, then destroys the client before its
 * provider reconnects: destroying a socket still connecting makes `ws` throw an unhandled error.
 */
function closedByServer(client: BoardClient): Promise<number> {
  return new Promise<number>((resolve) =>
    client.provider.on("close", ({ event }: { event: { code: number } }) => {
      const at = clients.indexOf(client);
      if (at >= 0) {
        clients.splice(at, 1);
        client.destroy();
      }
      resolve(event.code);
    }),
  );
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

const presenceOf = (client: BoardClient, clientId: number) =>
  client.provider.awareness!.getStates().get(clientId) as
    { user?: { id?: string; name?: string }; selection?: unknown } | undefined;

beforeAll(async () => {
  runtime = await createSeededRuntime();
  setRuntime(runtime);
  harness = await startCollabHarness(runtime, { sessionCheckMs: 200 });
  for (const user of await runtime.database.db.select().from(staffUsers)) {
    if (user.email.endsWith("@demo.test"))
      users[user.email.split("@")[0]!] = {
        id: user.id,
        name: user.name,
        token: signCollabToken(user.id, runtime.config.authSecret),
      };
  }
  date = nextWeekday(localDate(new Date()));
  name = `board:${date}`;
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await harness?.stop();
  await runtime?.close();
});

describe("presence (item 5)", () => {
  it("a read-only connection claiming another user's id and name is shown as who it is", async () => {
    const watcher = await connect("dispatcher2");
    const reader = await connect("technician");
    reader.provider.awareness!.setLocalState({
      user: { id: users.dispatcher!.id, name: "Spoofed Dispatcher", color: "#000000" },
      selection: [],
      cursor: null,
    });
    const seen = await eventually(
      () => presenceOf(watcher, reader.doc.clientID),
      (state) => state?.user !== undefined,
    );
    expect(seen!.user).toMatchObject({ id: users.technician!.id, name: users.technician!.name });
  });

  it("a read-only connection cannot overwrite another client's presence", async () => {
    const victim = await connect("dispatcher");
    const watcher = await connect("dispatcher2");
    const reader = await connect("technician");
    victim.provider.awareness!.setLocalState({
      user: { id: users.dispatcher!.id, name: users.dispatcher!.name, color: "#0369a1" },
      selection: [],
      cursor: null,
    });
    await eventually(
      () => presenceOf(watcher, victim.doc.clientID),
      (state) => state?.user?.id === users.dispatcher!.id,
    );
    // The reader forges an awareness update under the victim's client id, with a newer clock.
    const forgery = new Y.Doc();
    forgery.clientID = victim.doc.clientID;
    const forged = new Awareness(forgery);
    const clock = victim.provider.awareness!.meta.get(victim.doc.clientID)!.clock;
    for (let i = 0; i <= clock + 5; i++)
      forged.setLocalState({ user: { id: users.dispatcher!.id, name: "Forged" }, selection: ["forged"], cursor: null });
    applyAwarenessUpdate(reader.provider.awareness!, encodeAwarenessUpdate(forged, [victim.doc.clientID]), "forge");
    // Something the server does relay, sent after the forgery: once it arrives, the forgery had its chance.
    reader.provider.awareness!.setLocalState({ user: { id: "x", name: "x" }, selection: ["marker"], cursor: null });
    await eventually(
      () => presenceOf(watcher, reader.doc.clientID),
      (state) => JSON.stringify(state?.selection) === '["marker"]',
    );
    expect(presenceOf(watcher, victim.doc.clientID)).toMatchObject({
      user: { id: users.dispatcher!.id, name: users.dispatcher!.name },
      selection: [],
    });
    forged.destroy();
    forgery.destroy();
  });

  it("an oversized frame closes the connection and changes nothing", async () => {
    const writer = await connect("dispatcher");
    const watcher = await connect("dispatcher2");
    const job = Object.values(readBoard(writer.doc).jobs)[0]!;
    const logBefore = (
      await runtime.database.db.select().from(collabUpdates).where(eq(collabUpdates.documentName, name))
    ).length;
    const closed = closedByServer(writer);
    // 5 MiB: more than any legitimate message (collab-server.ts), less than the 8 MiB accepted before.
    getMaps(writer.doc)
      .jobs.get(job.id)!
      .set("title", "x".repeat(5 * 1024 * 1024));
    expect(await closed).toBe(1009);
    await new Promise((r) => setTimeout(r, 300));
    expect(readBoard(watcher.doc).jobs[job.id]!.title).toBe(job.title);
    expect(
      (await runtime.database.db.select().from(collabUpdates).where(eq(collabUpdates.documentName, name))).length,
    ).toBe(logBefore);
  });
});

describe("authorship and the board's day (item 6)", () => {
  it("audits a board edit as the connection's user, whatever updatedBy the client writes", async () => {
    const editor = await connect("dispatcher");
    const board = readBoard(editor.doc);
    const job = Object.values(board.jobs).find((j) => j.status === "unassigned" && j.durationMin <= 120)!;
    const slot = freeSlot(board, job.durationMin);
    expect(assignJob(editor.doc, job.id, slot.techId, slot.start, users.dispatcher2!.id)).toEqual({ ok: true });
    await acknowledged(editor);
    const [entry] = await eventually(
      () =>
        runtime.database.db
          .select()
          .from(auditLog)
          .where(
            and(
              eq(auditLog.entityType, "dispatch_job"),
              eq(auditLog.entityId, job.id),
              eq(auditLog.action, "dispatch.job.board-edit"),
            ),
          ),
      (rows) => rows.length > 0,
    );
    expect(entry!.actorId).toBe(users.dispatcher!.id);
    const [row] = await runtime.database.db
      .select()
      .from(dispatchJobs)
      .where(eq(dispatchJobs.id, Number(job.id)));
    expect(row!.updatedBy).toBe(users.dispatcher!.id);
    // The document's field follows: the server stamps who made the edit.
    await eventually(
      () => readBoard(editor.doc).jobs[job.id]!.updatedBy,
      (by) => by === users.dispatcher!.id,
    );
  });

  it("a job key of another day written on this board does not change that job", async () => {
    const editor = await connect("dispatcher");
    const board = readBoard(editor.doc);
    const otherDay = nextWeekday(date);
    const foreign = (await loadBoardJobsMissingFrom(runtime.database.db, otherDay, () => false)).find(
      (j) => j.status === "unassigned",
    )!;
    const [before] = await runtime.database.db
      .select()
      .from(dispatchJobs)
      .where(eq(dispatchJobs.id, Number(foreign.id)));
    const slot = freeSlot(board, 60);
    upsertJob(editor.doc, { ...foreign, techId: slot.techId, start: slot.start, status: "assigned" });
    // A legitimate edit after it: once its row is written, the board's flush has run.
    const own = Object.values(board.jobs).find((j) => j.status === "unassigned" && j.id !== foreign.id)!;
    const ownSlot = freeSlot(readBoard(editor.doc), own.durationMin, {
      techIds: Object.keys(board.techs).filter((t) => t !== slot.techId),
    });
    expect(assignJob(editor.doc, own.id, ownSlot.techId, ownSlot.start, users.dispatcher!.id)).toEqual({ ok: true });
    await acknowledged(editor);
    await eventually(
      () =>
        runtime.database.db
          .select()
          .from(dispatchJobs)
          .where(eq(dispatchJobs.id, Number(own.id))),
      ([r]) => r?.leadTechnicianId === Number(ownSlot.techId),
    );
    await new Promise((r) => setTimeout(r, 200));
    const [after] = await runtime.database.db
      .select()
      .from(dispatchJobs)
      .where(eq(dispatchJobs.id, Number(foreign.id)));
    expect(after).toEqual(before);
  });
});

describe("sessions (item 13)", () => {
  it("refuses the session cookie from another origin, and takes it from the app's", async () => {
    const { headers } = await signIn(runtime, "staff", "dispatcher@demo.test");
    const cookie = headers.get("cookie")!;
    await expect(
      connectBoard({ url: harness.url, name, token: "", headers: { cookie, origin: "https://evil.example" } }),
    ).rejects.toThrow(/denied/);
    await expect(connectBoard({ url: harness.url, name, token: "", headers: { cookie } })).rejects.toThrow(/denied/);
    const accepted = await connectWithCookie(cookie, TEST_BASE_URL);
    expect(readBoard(accepted.doc).date).toBe(date);
  });

  it("signing out closes the open board socket", async () => {
    const { headers } = await signIn(runtime, "staff", "dispatcher2@demo.test");
    const cookie = headers.get("cookie")!;
    const client = await connectWithCookie(cookie, TEST_BASE_URL);
    const closed = closedByServer(client);
    await signOut(cookie);
    expect(await closed).toBe(4401);
  });

  it("signing out closes the board opened with the token the browser fetched, and the token dies", async () => {
    const { headers } = await signIn(runtime, "staff", "technician@demo.test");
    const cookie = headers.get("cookie")!;
    const response = await collabTokenRoute(new Request(`${TEST_BASE_URL}/api/collab/token`, { headers: { cookie } }));
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    const client = await connectBoard({ url: harness.url, name, token });
    clients.push(client);
    const closed = closedByServer(client);
    await signOut(cookie);
    expect(await closed).toBe(4401);
    await expect(connectBoard({ url: harness.url, name, token })).rejects.toThrow(/denied/);
  });

  it("deactivating a staff user closes their token-authenticated socket", async () => {
    const client = await connect("support");
    const closed = closedByServer(client);
    const db = runtime.database.db;
    await db.update(staffUsers).set({ active: false }).where(eq(staffUsers.id, users.support!.id));
    try {
      expect(await closed).toBe(4401);
      await expect(connectBoard({ url: harness.url, name, token: users.support!.token })).rejects.toThrow(/denied/);
    } finally {
      await db.update(staffUsers).set({ active: true }).where(eq(staffUsers.id, users.support!.id));
    }
  });

  it("accepts a token-authenticated client with no Origin (scripts, load tests)", async () => {
    const client = await connect("dispatcher");
    expect(readBoard(client.doc).date).toBe(date);
  });
});
