// A cold board's first sync is answered from the stored protocol copy (server/collab/first-sync.ts),
// and the client still ends with exactly the server's board.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import * as decoding from "lib0/decoding";
import * as Y from "yjs";
import { collabDocuments } from "@/server/db/schema";
import { createDatabaseCollabStore } from "@/server/collab/persistence";
import { syncStep2Message } from "@/server/collab/first-sync";
import { getMaps, readBoard, upsertJob } from "@/lib/domain/board/doc";
import { BOARD_SCHEMA_VERSION } from "@/lib/domain/board/types";
import { job } from "@/lib/domain/board/test-fixtures";
import { localDate, shiftDate } from "@/lib/domain/quebec-dates";
import { createSeededRuntime, type TestRuntime } from "../support/test-runtime";
import { acknowledged, connectBoard, eventually, type BoardClient } from "../support/collab-client";
import { collabTokenFor, startCollabHarness } from "../support/collab-harness";

let runtime: TestRuntime;
let harness: Awaited<ReturnType<typeof startCollabHarness>>;
let token: string;
const clients: BoardClient[] = [];

/** Hocuspocus message types that carry a sync step, and the y-protocols step that carries content. */
const SYNC = 0;
const SYNC_REPLY = 4;
const SYNC_STEP_2 = 1;

/** Whether a received message is a sync step 2: the content a replica lacks. */
function isStep2(message: Uint8Array): boolean {
  const decoder = decoding.createDecoder(message);
  decoding.readVarString(decoder);
  const type = decoding.readVarUint(decoder);
  return (type === SYNC || type === SYNC_REPLY) && decoding.readVarUint(decoder) === SYNC_STEP_2;
}

/** The update a sync step 2 message carries. */
function updateOf(message: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(message);
  decoding.readVarString(decoder);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}

async function storedRow(name: string) {
  const [row] = await runtime.database.db.select().from(collabDocuments).where(eq(collabDocuments.name, name));
  return row!;
}

const unloaded = (name: string) =>
  eventually(
    () => harness.collab.hocuspocus.documents.has(name),
    (open) => !open,
    10_000,
  );

/** Connects a client that records every message it receives. */
async function connectRecording(name: string, withToken = token) {
  const received: Uint8Array[] = [];
  const client = await connectBoard({ url: harness.url, name, token: withToken, onMessage: (m) => received.push(m) });
  clients.push(client);
  return { client, received };
}

/** The client and the server hold the same board, down to the last Yjs item. */
async function sameAsServer(client: BoardClient, name: string) {
  await eventually(
    () => {
      const server = harness.collab.hocuspocus.documents.get(name);
      return server
        ? Buffer.from(Y.encodeStateVector(server)).equals(Buffer.from(Y.encodeStateVector(client.doc)))
        : false;
    },
    (same) => same,
  );
  expect(readBoard(client.doc)).toEqual(readBoard(harness.collab.hocuspocus.documents.get(name)!));
}

beforeAll(async () => {
  runtime = await createSeededRuntime();
  harness = await startCollabHarness(runtime);
  token = await collabTokenFor(runtime, "dispatcher@demo.test");
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await harness?.stop();
  await runtime?.close();
});

describe("a board stored by this code", () => {
  // A day far enough ahead that no other test opens it; its content comes from the tables.
  const name = `board:${shiftDate(localDate(new Date()), 400)}`;

  it("is stored with a protocol copy of the same state, in the current shape", async () => {
    const first = await connectRecording(name);
    // A client's edit: Hocuspocus stores a document on its last disconnect only when it changed.
    upsertJob(first.client.doc, job("added-by-client", { title: "Ajoutée / added" }));
    await acknowledged(first.client);
    first.client.destroy();
    await unloaded(name);
    const row = await storedRow(name);
    expect(row.firstSyncShape).toBe(BOARD_SCHEMA_VERSION);
    const fromState = new Y.Doc();
    Y.applyUpdateV2(fromState, row.state);
    const fromCopy = new Y.Doc();
    Y.applyUpdate(fromCopy, row.firstSync!);
    expect(readBoard(fromCopy)).toEqual(readBoard(fromState));
    expect(Array.from(row.firstSyncVector!)).toEqual(Array.from(Y.encodeStateVector(fromState)));
  });

  it("answers a new client's first sync with the stored copy, then only what the copy lacks", async () => {
    const row = await storedRow(name);
    // An edit logged after the copy was written (as a crash leaves it): the copy lacks it.
    const later = new Y.Doc();
    Y.applyUpdateV2(later, row.state);
    const before = Y.encodeStateVector(later);
    upsertJob(later, job("logged-after-copy", { title: "Après la copie / after the copy" }));
    await createDatabaseCollabStore(runtime.database.db).append(name, Y.encodeStateAsUpdate(later, before));

    const { client, received } = await connectRecording(name);
    // The first step 2 is the stored copy, byte for byte.
    const first = received.find(isStep2)!;
    expect(Buffer.from(first).equals(Buffer.from(syncStep2Message(name, row.firstSync!)))).toBe(true);
    // Then Hocuspocus' reply to the step 1 carries the logged edit, not the board a second time.
    await eventually(
      () => received.filter(isStep2).length,
      (steps) => steps === 2,
    );
    expect(getMaps(client.doc).jobs.has("logged-after-copy")).toBe(true);
    // Every item in that reply is past what the copy held.
    const copyVector = Y.decodeStateVector(row.firstSyncVector!);
    const reply = Y.decodeUpdate(updateOf(received.filter(isStep2)[1]!));
    expect(reply.structs.length).toBeGreaterThan(0);
    for (const struct of reply.structs)
      expect(struct.id.clock).toBeGreaterThanOrEqual(copyVector.get(struct.id.client) ?? 0);
    await sameAsServer(client, name);
    client.destroy();
    await unloaded(name);
  });

  it("is not answered from a copy in another shape: Hocuspocus replies from the loaded board", async () => {
    await runtime.database.db
      .update(collabDocuments)
      .set({ firstSyncShape: BOARD_SCHEMA_VERSION - 1 })
      .where(eq(collabDocuments.name, name));
    const { client, received } = await connectRecording(name);
    // One step 2, the whole board, once the server has loaded it.
    expect(getMaps(client.doc).jobs.has("logged-after-copy")).toBe(true);
    await sameAsServer(client, name);
    expect(received.filter(isStep2)).toHaveLength(1);
    client.destroy();
    await unloaded(name);
  });

  it("sends nothing of the board to a client that fails authentication", async () => {
    // A copy in the current shape, which a client that authenticates would be sent.
    await runtime.database.db
      .update(collabDocuments)
      .set({ firstSyncShape: BOARD_SCHEMA_VERSION })
      .where(eq(collabDocuments.name, name));
    const received: Uint8Array[] = [];
    await expect(
      connectBoard({
        url: harness.url,
        name,
        token: `${token}x`,
        timeoutMs: 3_000,
        onMessage: (m) => received.push(m),
      }),
    ).rejects.toThrow(/denied/);
    expect(received.filter(isStep2)).toEqual([]);
    expect(harness.collab.hocuspocus.documents.has(name)).toBe(false);
  });
});
