// Stored boards meet the schema version of the code that loads them (lib/domain/board/migrations.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import * as Y from "yjs";
import { collabDocuments, collabUpdates, dispatchJobs, serviceLocations, visitResponses } from "@/server/db/schema";
import { applyStoredDocument, createDatabaseCollabStore } from "@/server/collab/persistence";
import { getMaps, initBoard, readBoard, upsertJob } from "@/lib/domain/board/doc";
import { BOARD_SCHEMA_VERSION } from "@/lib/domain/board/types";
import { LEGACY_CONFLICTS_MAP } from "@/lib/domain/board/migrations";
import { job } from "@/lib/domain/board/test-fixtures";
import { localDate, localMidnight, shiftDate } from "@/lib/domain/quebec-dates";
import { createSeededRuntime, type TestRuntime } from "../support/test-runtime";
import { connectBoard, type BoardClient } from "../support/collab-client";
import { collabTokenFor, startCollabHarness } from "../support/collab-harness";

let runtime: TestRuntime;
let harness: Awaited<ReturnType<typeof startCollabHarness>>;
let token: string;
let weekday: string;
const clients: BoardClient[] = [];

/** The next weekday from today: the demo board has jobs on every weekday. */
function nextWeekday(from: string): string {
  let day = from;
  do day = shiftDate(day, 1);
  while ([0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay()));
  return day;
}

/** A job no table knows, so that finding it on the board proves the stored board was loaded. */
const STORED_ONLY_JOB = "stored-only-1";

/** A board as stored in `collab_documents` (a v2-encoded snapshot, no log), with `schemaVersion` as given. */
async function storeBoard(
  date: string,
  schemaVersion: number | "none",
  extra: (doc: Y.Doc) => void = () => {},
): Promise<{ name: string; state: Uint8Array }> {
  const doc = new Y.Doc();
  initBoard(doc, date);
  upsertJob(doc, job(STORED_ONLY_JOB, { title: "Posée avant / stored before" }));
  if (schemaVersion === "none") getMaps(doc).meta.delete("schemaVersion");
  else getMaps(doc).meta.set("schemaVersion", schemaVersion);
  extra(doc);
  const name = `board:${date}`;
  const state = Y.encodeStateAsUpdateV2(doc);
  await runtime.database.db.insert(collabDocuments).values({ name, state });
  return { name, state };
}

async function storedRow(name: string) {
  const [row] = await runtime.database.db.select().from(collabDocuments).where(eq(collabDocuments.name, name));
  const log = await runtime.database.db.select().from(collabUpdates).where(eq(collabUpdates.documentName, name));
  return { state: row?.state, log };
}

beforeAll(async () => {
  runtime = await createSeededRuntime();
  harness = await startCollabHarness(runtime);
  token = await collabTokenFor(runtime, "dispatcher@demo.test");
  weekday = nextWeekday(localDate(new Date()));
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await harness?.stop();
  await runtime?.close();
});

describe("a board stored by newer code", () => {
  it("refuses the connection and leaves the stored state and the log as they were", async () => {
    // A field this code does not know, as a later shape would add.
    const { name, state } = await storeBoard(shiftDate(weekday, 7), 99, (doc) =>
      getMaps(doc).jobs.get(STORED_ONLY_JOB)!.set("confirmation", "confirmed"),
    );
    await expect(connectBoard({ url: harness.url, name, token, timeoutMs: 3_000 })).rejects.toThrow();
    // Not once by chance: a second attempt is refused the same way.
    await expect(connectBoard({ url: harness.url, name, token, timeoutMs: 3_000 })).rejects.toThrow();
    expect(harness.collab.hocuspocus.documents.has(name)).toBe(false);
    const after = await storedRow(name);
    expect(Array.from(after.state!)).toEqual(Array.from(state));
    expect(after.log).toHaveLength(0);
  });
});

/** Jobs as code before version 3 stored them: no `locked` field. */
const withoutLocks = (doc: Y.Doc) => {
  for (const map of getMaps(doc).jobs.values()) map.delete("locked");
};

describe("a version-2 board stored before pins existed", () => {
  it("is migrated at load: every job says it is not pinned, in the client's copy and in the stored board", async () => {
    const { name } = await storeBoard(shiftDate(weekday, 21), 2, withoutLocks);
    const client = await connectBoard({ url: harness.url, name, token });
    clients.push(client);
    expect(getMaps(client.doc).meta.get("schemaVersion")).toBe(BOARD_SCHEMA_VERSION);
    const jobs = getMaps(client.doc).jobs;
    for (const [id, map] of jobs.entries()) expect([id, map.get("locked")]).toEqual([id, false]);
    const stored = new Y.Doc();
    applyStoredDocument(stored, await createDatabaseCollabStore(runtime.database.db).load(name), null);
    expect(getMaps(stored).meta.get("schemaVersion")).toBe(BOARD_SCHEMA_VERSION);
    expect(getMaps(stored).jobs.get(STORED_ONLY_JOB)!.get("locked")).toBe(false);
  });
});

describe("a board stored before versioning", () => {
  it("opens as version 1, is migrated to the current version, keeps its content and stores the version it was given", async () => {
    const { name } = await storeBoard(shiftDate(weekday, 14), "none", withoutLocks);
    const client = await connectBoard({ url: harness.url, name, token });
    clients.push(client);
    expect(getMaps(client.doc).meta.get("schemaVersion")).toBe(BOARD_SCHEMA_VERSION);
    expect(BOARD_SCHEMA_VERSION).toBe(5);
    expect(getMaps(client.doc).jobs.get(STORED_ONLY_JOB)!.get("locked")).toBe(false);
    expect(readBoard(client.doc).jobs[STORED_ONLY_JOB]).toMatchObject({ title: "Posée avant / stored before" });
    // The stamp is a server edit like any other: logged before the first sync.
    const stored = new Y.Doc();
    applyStoredDocument(stored, await createDatabaseCollabStore(runtime.database.db).load(name), null);
    expect(getMaps(stored).meta.get("schemaVersion")).toBe(BOARD_SCHEMA_VERSION);
  });
});

describe("a version-3 board stored before visit confirmations existed", () => {
  it("is migrated at load: every job has a confirmation, filled in from the customers' answers in the tables", async () => {
    const date = shiftDate(weekday, 35);
    const [location] = await runtime.database.db
      .select({ id: serviceLocations.id, customerId: serviceLocations.customerId })
      .from(serviceLocations)
      .limit(1);
    const at = (hours: number) => new Date(localMidnight(date).getTime() + hours * 3_600_000);
    const jobRow = (title: string) => ({
      locationId: location!.id,
      customerId: location!.customerId,
      kind: "repair" as const,
      title,
      windowStart: at(8),
      windowEnd: at(12),
    });
    const [confirmed, rescheduling, silent] = await runtime.database.db
      .insert(dispatchJobs)
      .values([jobRow("Confirmée"), jobRow("À replanifier"), jobRow("Sans réponse")])
      .returning({ id: dispatchJobs.id });
    await runtime.database.db.insert(visitResponses).values([
      { jobId: confirmed!.id, customerId: location!.customerId, response: "confirmed", respondedBy: "test" },
      {
        jobId: rescheduling!.id,
        customerId: location!.customerId,
        response: "reschedule_requested",
        respondedBy: "test",
      },
    ]);
    // Stored by version-3 code: its jobs (the day's three, and one no table knows) have no confirmation field.
    const { name } = await storeBoard(date, 3, (doc) => {
      for (const row of [confirmed!, rescheduling!, silent!])
        upsertJob(doc, job(String(row.id), { title: `#${row.id}` }));
      for (const map of getMaps(doc).jobs.values()) map.delete("confirmation");
    });
    const client = await connectBoard({ url: harness.url, name, token });
    clients.push(client);
    expect(getMaps(client.doc).meta.get("schemaVersion")).toBe(BOARD_SCHEMA_VERSION);
    const confirmationOf = (doc: Y.Doc, id: string) => getMaps(doc).jobs.get(id)!.get("confirmation");
    const expected = {
      [String(confirmed!.id)]: "confirmed",
      [String(rescheduling!.id)]: "reschedule_requested",
      [String(silent!.id)]: null,
      [STORED_ONLY_JOB]: null,
    };
    for (const [id, value] of Object.entries(expected))
      expect([id, confirmationOf(client.doc, id)]).toEqual([id, value]);
    expect(readBoard(client.doc).jobs[String(confirmed!.id)]!.confirmation).toBe("confirmed");
    // The migration and the answers are server edits, logged: the stored board says the same.
    const stored = new Y.Doc();
    applyStoredDocument(stored, await createDatabaseCollabStore(runtime.database.db).load(name), null);
    expect(getMaps(stored).meta.get("schemaVersion")).toBe(BOARD_SCHEMA_VERSION);
    for (const [id, value] of Object.entries(expected)) expect([id, confirmationOf(stored, id)]).toEqual([id, value]);
  });
});

describe("a version-4 board stored with the server's conflict lists", () => {
  it("is migrated at load: the lists are gone from the client's copy and from the stored board, the jobs are kept", async () => {
    const { name } = await storeBoard(shiftDate(weekday, 42), 4, (doc) => {
      const legacy = doc.getMap<unknown>(LEGACY_CONFLICTS_MAP);
      legacy.set(STORED_ONLY_JOB, [{ kind: "overlap", otherJobId: "gone-1" }]);
      legacy.set("gone-1", [{ kind: "overlap", otherJobId: STORED_ONLY_JOB }]);
    });
    const client = await connectBoard({ url: harness.url, name, token });
    clients.push(client);
    expect(getMaps(client.doc).meta.get("schemaVersion")).toBe(BOARD_SCHEMA_VERSION);
    expect(client.doc.getMap(LEGACY_CONFLICTS_MAP).size).toBe(0);
    expect(readBoard(client.doc).jobs[STORED_ONLY_JOB]).toMatchObject({ title: "Posée avant / stored before" });
    const stored = new Y.Doc();
    applyStoredDocument(stored, await createDatabaseCollabStore(runtime.database.db).load(name), null);
    expect(getMaps(stored).meta.get("schemaVersion")).toBe(BOARD_SCHEMA_VERSION);
    expect(stored.getMap(LEGACY_CONFLICTS_MAP).size).toBe(0);
  });
});
