import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { collabDocuments, collabUpdates, dispatchJobs, serviceLocations, staffUsers } from "@/server/db/schema";
import { createDispatchJob } from "@/server/services/dispatch/create-job";
import { createProcessEvents } from "@/server/services/process-events";
import { dayBounds } from "@/lib/domain/quebec-dates";
import { openDatabase, type DatabaseHandle } from "@/server/db/client";
import { migrateDatabase } from "@/server/db/migrate";
import { seedDatabase } from "@/server/seed";
import { signCollabToken } from "@/server/collab/tokens";
import { getMaps, readBoard } from "@/lib/domain/board/doc";
import { localDate } from "@/lib/domain/quebec-dates";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { connectBoard, eventually, type BoardClient } from "../support/collab-client";
import { productProcessEnv } from "../support/child-env";
import { nextWeekday } from "../support/board-picks";

/**
 * kill -9 of the collaboration server while 20 clients edit: every edit the server
 * acknowledged must be in the reloaded board and, once it is loaded, in the job rows.
 * Each client owns one job and raises its duration step by step, waiting for the
 * acknowledgement of each step, so "acknowledged" is exact and later steps can only be larger.
 */
const CLIENTS = 20;
const authSecret = randomBytes(32).toString("base64");
const encryptionKey = randomBytes(32).toString("hex");
const dataDir = mkdtempSync(path.join(tmpdir(), "fibre-ops-crash-"));
let testDatabase: TestDatabase | null = null;
let port: number;
let date: string;

async function withDatabase<T>(work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  if (testDatabase) return work(testDatabase.handle);
  // PGlite allows one process at a time: open it only while the server process is down.
  const handle = await openDatabase({ pgliteDir: path.join(dataDir, "pglite") });
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}

const spawned: ChildProcess[] = [];

function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/collab-process.ts"], {
    env: productProcessEnv({
      PORT: String(port),
      DATABASE_URL: testDatabase?.url ?? "",
      DATA_DIR: dataDir,
      AUTH_SECRET: authSecret,
      APP_ENCRYPTION_KEY: encryptionKey,
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  spawned.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /collab ready on (\d+)/.exec(output);
      if (ready) {
        port = Number(ready[1]);
        resolve(child);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => reject(new Error(`collab process exited (${code}) before it was ready:\n${output}`)));
  });
}

beforeAll(async () => {
  // The first start takes a port from the system; restarts come back on the same one, where the clients reconnect.
  port = 0;
  date = nextWeekday(localDate(new Date()));
  if (process.env.DATABASE_URL) {
    testDatabase = await createTestDatabase();
    await seedDatabase(testDatabase.handle, {
      scale: "demo",
      today: new Date(),
      reset: false,
      encryptionKey: Buffer.from(encryptionKey, "hex"),
    });
    await addJobs(testDatabase.handle, CLIENTS);
  } else {
    await withDatabase(async (handle) => {
      await migrateDatabase(handle);
      await seedDatabase(handle, {
        scale: "demo",
        today: new Date(),
        reset: false,
        encryptionKey: Buffer.from(encryptionKey, "hex"),
      });
      await addJobs(handle, CLIENTS);
    });
  }
});
/** Enough jobs on the day for one per client, created the way the office creates them. */
async function addJobs(handle: DatabaseHandle, count: number) {
  const [location] = await handle.db.select().from(serviceLocations).limit(1);
  const windowStart = new Date(dayBounds(date).start.getTime() + 9 * 3_600_000).toISOString();
  for (let i = 0; i < count; i++) {
    await createDispatchJob(
      { db: handle.db, events: createProcessEvents() },
      { realm: "system", userId: null, name: "crash test" },
      {
        locationId: location!.id,
        kind: "repair",
        title: `Crash test ${i}`,
        priority: 3,
        durationMin: 30,
        skills: [],
        windowStart,
        windowEnd: new Date(Date.parse(windowStart) + 8 * 3_600_000).toISOString(),
      },
    );
  }
}

afterAll(async () => {
  // A failed assertion must not leave a server process behind.
  for (const child of spawned) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await testDatabase?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("kill -9 of the collaboration server", () => {
  it("loses no acknowledged edit", async () => {
    const userId = await withDatabase(
      async (h) => (await h.db.select().from(staffUsers)).find((u) => u.email === "dispatcher@demo.test")!.id,
    );
    const token = signCollabToken(userId, authSecret);
    const name = `board:${date}`;
    let server = await startServer();
    const url = `ws://127.0.0.1:${port}/collab`;
    const clients: BoardClient[] = [];
    // Cold loads of a whole board in a fresh process: slow on a busy machine, and not what is tested here.
    for (let i = 0; i < CLIENTS; i++) clients.push(await connectBoard({ url, name, token, timeoutMs: 30_000 }));
    const jobIds = Object.keys(readBoard(clients[0]!.doc).jobs).sort().slice(0, CLIENTS);
    expect(jobIds).toHaveLength(CLIENTS);

    const acknowledgedSteps = new Array<number>(CLIENTS).fill(0);
    let killed = false;
    const editing = clients.map(async (client, i) => {
      const job = getMaps(client.doc).jobs.get(jobIds[i]!)!;
      for (let step = 1; step <= 40 && !killed; step++) {
        job.set("durationMin", 15 + step * 15);
        // Acknowledged = the server answered with a positive sync status for every change.
        const acked = await eventually(
          () => killed || !client.provider.hasUnsyncedChanges,
          (done) => done,
          5_000,
        ).then(() => !killed && !client.provider.hasUnsyncedChanges);
        if (acked) acknowledgedSteps[i] = step;
      }
    });
    await new Promise((r) => setTimeout(r, 60 + Math.floor(Math.random() * 200)));
    const exited = new Promise((r) => server.once("exit", r));
    server.kill("SIGKILL");
    killed = true;
    await exited;
    await Promise.all(editing);
    for (const client of clients) client.destroy();
    expect(acknowledgedSteps.some((s) => s > 0)).toBe(true);

    server = await startServer();
    const reader = await connectBoard({ url, name, token, timeoutMs: 30_000 });
    const reloaded = readBoard(reader.doc);
    jobIds.forEach((id, i) => {
      expect(reloaded.jobs[id]!.durationMin, `job ${id} of client ${i}`).toBeGreaterThanOrEqual(
        15 + acknowledgedSteps[i]! * 15,
      );
    });
    reader.destroy();
    const stopped = new Promise((r) => server.once("exit", r));
    server.kill("SIGTERM");
    await stopped;

    // SIGTERM stored the board: the log is merged into the snapshot.
    const [log, snapshots] = await withDatabase(
      async (h) =>
        [
          await h.db.select().from(collabUpdates).where(eq(collabUpdates.documentName, name)),
          await h.db.select().from(collabDocuments).where(eq(collabDocuments.name, name)),
        ] as const,
    );
    expect(log).toHaveLength(0);
    expect(snapshots).toHaveLength(1);

    const rows = await withDatabase((h) =>
      h.db
        .select()
        .from(dispatchJobs)
        .where(inArray(dispatchJobs.id, jobIds.map(Number))),
    );
    for (const [i, id] of jobIds.entries()) {
      expect(rows.find((r) => r.id === Number(id))!.durationMin, `row of job ${id}`).toBeGreaterThanOrEqual(
        15 + acknowledgedSteps[i]! * 15,
      );
    }
  }, 150_000);
});
