import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import * as Y from "yjs";
import { collabUpdates } from "@/server/db/schema";
import { localDate, shiftDate } from "@/lib/domain/quebec-dates";
import { connectBoard, type BoardClient } from "../support/collab-client";
import { collabTokenFor, startCollabHarness } from "../support/collab-harness";
import { createSeededRuntime, type TestRuntime } from "../support/test-runtime";

/**
 * Two collaboration servers on one database, as two instances behind a load balancer are.
 * A board opened on both at once must be built from the tables once: two instances that each
 * created a map for the same job would leave Yjs to keep one, and edits made through the
 * other would vanish.
 */
let runtime: TestRuntime;
let harnesses: Array<Awaited<ReturnType<typeof startCollabHarness>>>;
const clients: BoardClient[] = [];

beforeAll(async () => {
  runtime = await createSeededRuntime();
  harnesses = await Promise.all([startCollabHarness(runtime), startCollabHarness(runtime)]);
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const harness of harnesses ?? []) await harness.stop();
  await runtime?.close();
});

describe("a board opened on two instances at once", () => {
  it("creates each job's map once, so both instances edit the same maps", async () => {
    let date = shiftDate(localDate(new Date()), 2);
    while ([0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay())) date = shiftDate(date, 1);
    const name = `board:${date}`;
    const token = await collabTokenFor(runtime, "dispatcher@demo.test");
    const opened = await Promise.all(harnesses.map((h) => connectBoard({ url: h.url, name, token })));
    clients.push(...opened);
    expect(opened[0]!.doc.getMap("jobs").size).toBeGreaterThan(0);

    // Each log row decoded alone: how many of them set entries of the root `jobs` map. (Decoded,
    // not applied: a row that follows another of the same client, such as the load's schema
    // migration, stays pending when applied alone.)
    const rows = await runtime.database.db
      .select({ update: collabUpdates.update })
      .from(collabUpdates)
      .where(eq(collabUpdates.documentName, name))
      .orderBy(asc(collabUpdates.id));
    const creatingJobs = rows.filter((row) =>
      Y.decodeUpdate(row.update).structs.some((s) => s instanceof Y.Item && (s.parent as unknown) === "jobs"),
    );
    expect(creatingJobs).toHaveLength(1);
  });
});
