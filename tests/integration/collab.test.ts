// Also the proof that the pinned Hocuspocus 4 server and provider sync documents on Node 20 (they declare Node 22).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import * as Y from "yjs";
import {
  auditLog,
  collabDocuments,
  collabUpdates,
  dispatchJobs,
  serviceLocations,
  staffUsers,
} from "@/server/db/schema";
import { signCollabToken } from "@/server/collab/tokens";
import { applyStoredDocument, createDatabaseCollabStore } from "@/server/collab/persistence";
import { assignJob } from "@/lib/domain/board/operations";
import { getMaps, readBoard } from "@/lib/domain/board/doc";
import { detectConflicts } from "@/lib/domain/board/conflicts";
import { LEGACY_CONFLICTS_MAP } from "@/lib/domain/board/migrations";
import { dayBounds, localDate, shiftDate } from "@/lib/domain/quebec-dates";
import { callerAs, createSeededRuntime, type TestRuntime } from "../support/test-runtime";
import { acknowledged, connectBoard, eventually, type BoardClient } from "../support/collab-client";
import { startCollabHarness } from "../support/collab-harness";
import { freeSlot, nextWeekday } from "../support/board-picks";

let runtime: TestRuntime;
let harness: Awaited<ReturnType<typeof startCollabHarness>>;
const tokens: Record<string, string> = {};
const clients: BoardClient[] = [];
let date: string;
let name: string;

async function connect(role: string, board = name): Promise<BoardClient> {
  const client = await connectBoard({ url: harness.url, name: board, token: tokens[role]! });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  runtime = await createSeededRuntime();
  harness = await startCollabHarness(runtime);
  for (const user of await runtime.database.db.select().from(staffUsers)) {
    if (user.email.endsWith("@demo.test"))
      tokens[user.email.split("@")[0]!] = signCollabToken(user.id, runtime.config.authSecret);
  }
  date = nextWeekday(localDate(new Date()));
  name = `board:${date}`;
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await harness?.stop();
  await runtime?.close();
});

describe("the live board", () => {
  it("loads the day's technicians and jobs from the tables", async () => {
    const client = await connect("dispatcher");
    const board = readBoard(client.doc);
    expect(board.date).toBe(date);
    expect(Object.keys(board.techs).length).toBeGreaterThan(5);
    const { start, end } = dayBounds(date);
    const rows = await runtime.database.db.select().from(dispatchJobs);
    const ofTheDay = rows.filter((j) => {
      const at = (j.scheduledStart ?? j.windowStart)!.getTime();
      return at >= start.getTime() && at < end.getTime();
    });
    expect(Object.keys(board.jobs).sort()).toEqual(ofTheDay.map((j) => String(j.id)).sort());
  });

  it("shows one dispatcher's edit to the other and writes it to the job row with an audit entry", async () => {
    const [a, b] = [await connect("dispatcher"), await connect("dispatcher2")];
    const job = Object.values(readBoard(a.doc).jobs).find((j) => j.status === "unassigned")!;
    const tech = Object.values(readBoard(a.doc).techs)[0]!;
    const start = job.windowStart!;
    expect(assignJob(a.doc, job.id, tech.id, start, "dispatcher-a")).toEqual({ ok: true });
    await acknowledged(a);
    await eventually(
      () => readBoard(b.doc).jobs[job.id]!,
      (j) => j.techId === tech.id && j.start === start,
    );
    const [row] = await eventually(
      () =>
        runtime.database.db
          .select()
          .from(dispatchJobs)
          .where(eq(dispatchJobs.id, Number(job.id))),
      ([r]) => r?.leadTechnicianId === Number(tech.id),
    );
    expect(row!.scheduledStart!.toISOString()).toBe(new Date(start).toISOString());
    expect(row!.status).toBe("assigned");
    const audit = await runtime.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "dispatch_job"), eq(auditLog.entityId, job.id)));
    expect(audit.at(-1)!.changes).toMatchObject({ leadTechnicianId: { from: null, to: Number(tech.id) } });
    // Once acknowledged, the edit is in the stored board (log or snapshot), not only in memory.
    const stored = new Y.Doc();
    applyStoredDocument(stored, await createDatabaseCollabStore(runtime.database.db).load(name), null);
    expect(readBoard(stored).jobs[job.id]).toMatchObject({ techId: tech.id, start });
  });

  it("shows a job created through tRPC on the open board within a second", async () => {
    const viewer = await connect("dispatcher");
    const { caller } = await callerAs(runtime, "staff", "dispatcher@demo.test");
    const [location] = await runtime.database.db.select().from(serviceLocations).limit(1);
    const windowStart = new Date(dayBounds(date).start.getTime() + 13 * 3_600_000).toISOString();
    const created = await caller.dispatch.createJob({
      locationId: location!.id,
      kind: "repair",
      title: "Signal faible / weak signal",
      durationMin: 60,
      windowStart,
      windowEnd: new Date(Date.parse(windowStart) + 4 * 3_600_000).toISOString(),
      skills: [],
    });
    const job = await eventually(
      () => readBoard(viewer.doc).jobs[String(created.id)],
      (j) => j !== undefined,
      1_000,
    );
    expect(job).toMatchObject({ title: "Signal faible / weak signal", status: "unassigned", techId: null });
  });
});

describe("a board that cannot be loaded", () => {
  it("refuses the connection instead of serving an empty board that could overwrite it", async () => {
    const broken = `board:${shiftDate(date, 7)}`;
    const garbage = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await runtime.database.db.insert(collabDocuments).values({ name: broken, state: garbage });
    await expect(
      connectBoard({ url: harness.url, name: broken, token: tokens.dispatcher!, timeoutMs: 3_000 }),
    ).rejects.toThrow();
    const [row] = await runtime.database.db.select().from(collabDocuments).where(eq(collabDocuments.name, broken));
    expect(Array.from(row!.state)).toEqual(Array.from(garbage));
    expect(
      await runtime.database.db.select().from(collabUpdates).where(eq(collabUpdates.documentName, broken)),
    ).toHaveLength(0);
  });
});

describe("offline editing", () => {
  it("keeps a disconnected dispatcher's edits and merges them on reconnect; the tables follow", async () => {
    const [offline, online] = [await connect("dispatcher"), await connect("dispatcher2")];
    const jobs = Object.values(readBoard(offline.doc).jobs).filter((j) => j.status === "unassigned");
    const techs = Object.values(readBoard(offline.doc).techs);
    offline.provider.disconnect();
    offline.socket.disconnect();
    expect(assignJob(offline.doc, jobs[0]!.id, techs[1]!.id, jobs[0]!.windowStart, "dispatcher-offline")).toEqual({
      ok: true,
    });
    expect(assignJob(online.doc, jobs[1]!.id, techs[2]!.id, jobs[1]!.windowStart, "dispatcher-online")).toEqual({
      ok: true,
    });
    await acknowledged(online);
    await new Promise((r) => setTimeout(r, 200));
    expect(readBoard(online.doc).jobs[jobs[0]!.id]!.techId).toBeNull();

    await offline.socket.connect();
    offline.provider.attach();
    await eventually(
      () => readBoard(online.doc).jobs[jobs[0]!.id]!.techId,
      (id) => id === techs[1]!.id,
    );
    await eventually(
      () => readBoard(offline.doc).jobs[jobs[1]!.id]!.techId,
      (id) => id === techs[2]!.id,
    );
    await eventually(
      () =>
        runtime.database.db
          .select()
          .from(dispatchJobs)
          .where(eq(dispatchJobs.id, Number(jobs[0]!.id))),
      ([row]) => row?.leadTechnicianId === Number(techs[1]!.id),
    );
  });
});

describe("who may open and edit a board", () => {
  it.each([
    ["billing", "errors.socket.roleNoBoard"],
    ["customer", "errors.socket.signIn"],
    ["anonymous", "errors.socket.signIn"],
  ])("refuses %s, with the message key the board translates as the reason", async (who, key) => {
    const token = who === "billing" ? tokens.billing! : who === "customer" ? "not-a-staff-token" : "";
    await expect(connectBoard({ url: harness.url, name, token })).rejects.toThrow(`denied: ${key}`);
  });

  it("refuses an expired or forged token", async () => {
    const [user] = await runtime.database.db
      .select()
      .from(staffUsers)
      .where(eq(staffUsers.email, "dispatcher@demo.test"));
    const expired = signCollabToken(user!.id, runtime.config.authSecret, Date.now() - 2 * 3_600_000);
    const forged = signCollabToken(user!.id, "another-secret");
    await expect(connectBoard({ url: harness.url, name, token: expired })).rejects.toThrow(/denied/);
    await expect(connectBoard({ url: harness.url, name, token: forged })).rejects.toThrow(/denied/);
  });

  it("refuses a document that is not a board", async () => {
    await expect(connectBoard({ url: harness.url, name: "invoices:2026", token: tokens.dispatcher! })).rejects.toThrow(
      /denied/,
    );
  });

  it.each([["technician"], ["support"]])(
    "lets %s read but not write: the update is refused and the board unchanged",
    async (role) => {
      const reader = await connect(role);
      const watcher = await connect("dispatcher");
      const before = Y.encodeStateVector(watcher.doc);
      const logBefore = (
        await runtime.database.db.select().from(collabUpdates).where(eq(collabUpdates.documentName, name))
      ).length;
      const job = Object.values(readBoard(reader.doc).jobs)[0]!;
      getMaps(reader.doc).jobs.get(job.id)!.set("title", "vandalized");
      await new Promise((r) => setTimeout(r, 300));
      expect(reader.provider.hasUnsyncedChanges).toBe(true);
      expect(Y.encodeStateVector(watcher.doc)).toEqual(before);
      expect(readBoard(watcher.doc).jobs[job.id]!.title).not.toBe("vandalized");
      expect(
        (await runtime.database.db.select().from(collabUpdates).where(eq(collabUpdates.documentName, name))).length,
      ).toBe(logBefore);
    },
  );
});

describe("conflicts", () => {
  it("shows every dispatcher the overlap two of them made concurrently, from the board each holds", async () => {
    const [a, b] = [await connect("dispatcher"), await connect("dispatcher2")];
    const board = readBoard(a.doc);
    const free = Object.values(board.jobs)
      .filter((j) => j.status === "unassigned")
      .slice(0, 2);
    expect(free).toHaveLength(2);
    // A slot where the technician has nothing else, so the only overlap is the one made here.
    const { techId, start: at } = freeSlot(board, Math.max(...free.map((j) => j.durationMin)));
    assignJob(a.doc, free[0]!.id, techId, at, "dispatcher-a");
    assignJob(b.doc, free[1]!.id, techId, at, "dispatcher-b");
    const overlapOf = (doc: Y.Doc, jobId: string) =>
      (detectConflicts(readBoard(doc))[jobId] ?? []).find((c) => c.kind === "overlap")?.otherJobId ?? null;
    expect(
      await eventually(
        () => overlapOf(b.doc, free[0]!.id),
        (other) => other !== null,
      ),
    ).toBe(free[1]!.id);
    expect(
      await eventually(
        () => overlapOf(a.doc, free[1]!.id),
        (other) => other !== null,
      ),
    ).toBe(free[0]!.id);
    // Derived, not written: the server puts no conflict list in the document (board version 5).
    expect(a.doc.getMap(LEGACY_CONFLICTS_MAP).size).toBe(0);
    expect(b.doc.getMap(LEGACY_CONFLICTS_MAP).size).toBe(0);
  });
});
