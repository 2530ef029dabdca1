// A day's board replayed from the kept updates (server/services/dispatch/board-history.ts): two
// dispatchers edit a real collab server; the board rebuilt at each instant equals the board that
// was live then, before and after the log is compacted into the history, with checkpoints or not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import * as Y from "yjs";
import { collabHistory, collabHistoryCheckpoints, collabUpdates, staffUsers } from "@/server/db/schema";
import { signCollabToken } from "@/server/collab/tokens";
import { createDatabaseCollabStore } from "@/server/collab/persistence";
import {
  boardAt,
  boardDiff,
  boardEdits,
  checkpointBoardHistory,
  jobBoardEdits,
  maintainBoardHistory,
} from "@/server/services/dispatch/board-history";
import { ServiceError } from "@/server/services/errors";
import { assignJob, moveJob, readBoard, setJobStatus, type BoardSnapshot } from "@/lib/domain/board";
import { boardDocumentName } from "@/lib/domain/board/types";
import { localDate, shiftDate } from "@/lib/domain/quebec-dates";
import { createSeededRuntime, type TestRuntime } from "../support/test-runtime";
import { acknowledged, connectBoard, eventually, type BoardClient } from "../support/collab-client";
import { startCollabHarness } from "../support/collab-harness";

let runtime: TestRuntime;
let harness: Awaited<ReturnType<typeof startCollabHarness>>;
const clients: BoardClient[] = [];
const users: Record<"dispatcher" | "admin", { id: string; name: string; token: string }> = {} as never;
let date: string;
let name: string;
let a: BoardClient;
let b: BoardClient;
let jobIds: string[];
let techIds: string[];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const planOf = (board: BoardSnapshot) => ({ techs: board.techs, jobs: board.jobs });

/** The live board at a moment both clients agree on, and that moment. */
async function settledMoment(): Promise<{ at: Date; plan: ReturnType<typeof planOf> }> {
  await acknowledged(a);
  await acknowledged(b);
  await eventually(
    () => JSON.stringify(planOf(readBoard(a.doc))) === JSON.stringify(planOf(readBoard(b.doc))),
    (same) => same,
  );
  // The server's own follow-up edits (author stamps) land within a few milliseconds.
  await sleep(150);
  const at = new Date();
  const plan = planOf(readBoard(a.doc));
  await sleep(20);
  return { at, plan };
}

beforeAll(async () => {
  runtime = await createSeededRuntime();
  harness = await startCollabHarness(runtime);
  for (const role of ["dispatcher", "admin"] as const) {
    const [user] = await runtime.database.db
      .select()
      .from(staffUsers)
      .where(eq(staffUsers.email, `${role}@demo.test`));
    users[role] = { id: user!.id, name: user!.name, token: signCollabToken(user!.id, runtime.config.authSecret) };
  }
  // A coming day whose board has two technicians and two open jobs, found by looking, not by position.
  for (let offset = 1; offset <= 21 && !date; offset++) {
    const day = shiftDate(localDate(new Date()), offset);
    const probe = await connectBoard({ url: harness.url, name: boardDocumentName(day), token: users.dispatcher.token });
    clients.push(probe);
    const board = readBoard(probe.doc);
    const techs = Object.keys(board.techs).slice(0, 2);
    // Open, and on neither technician yet: each assignment below then moves the job to another lane.
    const open = Object.values(board.jobs).filter(
      (job) =>
        (job.status === "unassigned" || job.status === "assigned") &&
        (job.techId === null || !techs.includes(job.techId)),
    );
    if (techs.length >= 2 && open.length >= 2) {
      date = day;
      jobIds = open.slice(0, 2).map((job) => job.id);
      techIds = techs;
    }
    probe.destroy();
  }
  expect(date, "a coming day with two technicians and two open jobs on neither").toBeDefined();
  name = boardDocumentName(date);
  a = await connectBoard({ url: harness.url, name, token: users.dispatcher.token });
  b = await connectBoard({ url: harness.url, name, token: users.admin.token });
  clients.push(a, b);
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.destroy();
  await harness?.stop();
  await runtime?.close();
});

describe("the board replayed", () => {
  const moments: Array<{ at: Date; plan: ReturnType<typeof planOf> }> = [];

  it("rebuilds the board each dispatcher saw at each instant, across a compaction and checkpoints", async () => {
    const [job1, job2] = jobIds;
    const [tech1, tech2] = techIds;
    moments.push(await settledMoment());
    expect(assignJob(a.doc, job1!, tech1!, `${date}T09:00:00-05:00`, users.dispatcher.id).ok).toBe(true);
    moments.push(await settledMoment());
    expect(assignJob(b.doc, job1!, tech2!, `${date}T10:00:00-05:00`, users.admin.id).ok).toBe(true);
    moments.push(await settledMoment());
    // Half of the day's edits are compacted into the history; the rest stay in the live log.
    await createDatabaseCollabStore(runtime.database.db).compact(name);
    expect(
      await runtime.database.db.select().from(collabHistory).where(eq(collabHistory.documentName, name)),
    ).not.toEqual([]);
    expect(assignJob(a.doc, job2!, tech1!, `${date}T13:00:00-05:00`, users.dispatcher.id).ok).toBe(true);
    moments.push(await settledMoment());
    expect(moveJob(b.doc, job2!, `${date}T14:00:00-05:00`, users.admin.id).ok).toBe(true);
    moments.push(await settledMoment());
    expect(setJobStatus(a.doc, job1!, "en_route", users.dispatcher.id).ok).toBe(true);
    moments.push(await settledMoment());

    const db = runtime.database.db;
    for (const [index, moment] of moments.entries())
      expect(planOf(await boardAt(db, date, moment.at)), `instant ${index}`).toEqual(moment.plan);

    // The edits as read by replaying the Yjs updates (part of them still in the live log).
    const editsReplayed = await boardEdits(db, date, { afterId: 0, limit: 1_000 });
    const jobEditsReplayed = await jobBoardEdits(db, date, Number(job1));
    expect(editsReplayed.edits.length).toBeGreaterThanOrEqual(5);

    // Compacted again, then checkpointed every two updates (as if settled): the same boards.
    await createDatabaseCollabStore(db).compact(name);
    expect(await db.select().from(collabUpdates).where(eq(collabUpdates.documentName, name))).toEqual([]);
    const added = await checkpointBoardHistory(db, name, new Date(Date.now() + 3_600_000), 2);
    expect(added).toBeGreaterThan(1);
    for (const [index, moment] of moments.entries())
      expect(planOf(await boardAt(db, date, moment.at)), `instant ${index} from checkpoints`).toEqual(moment.plan);

    // Those came from the JSON checkpoints and each update's effects, not from Yjs: with every
    // kept update blanked, the same boards come back.
    const kept = await db
      .select({ id: collabHistory.id, update: collabHistory.update, effects: collabHistory.effects })
      .from(collabHistory)
      .where(eq(collabHistory.documentName, name));
    expect(kept.filter((row) => row.effects === null)).toEqual([]);
    const checkpoints = await db
      .select({ board: collabHistoryCheckpoints.board })
      .from(collabHistoryCheckpoints)
      .where(eq(collabHistoryCheckpoints.documentName, name));
    expect(checkpoints.filter((checkpoint) => checkpoint.board === null)).toEqual([]);
    await db
      .update(collabHistory)
      .set({ update: Y.encodeStateAsUpdate(new Y.Doc()) })
      .where(eq(collabHistory.documentName, name));
    try {
      for (const [index, moment] of moments.entries())
        expect(planOf(await boardAt(db, date, moment.at)), `instant ${index} from effects`).toEqual(moment.plan);
      expect(await boardEdits(db, date, { afterId: 0, limit: 1_000 })).toEqual(editsReplayed);
      expect(await jobBoardEdits(db, date, Number(job1))).toEqual(jobEditsReplayed);
    } finally {
      for (const row of kept)
        await db.update(collabHistory).set({ update: row.update }).where(eq(collabHistory.id, row.id));
    }
  }, 60_000);

  it("lists who moved what and when, with the technicians' names as the board knew them", async () => {
    const [job1] = jobIds;
    const [tech1, tech2] = techIds;
    const { edits } = await boardEdits(runtime.database.db, date, { afterId: 0, limit: 500 });
    const move = edits.find((edit) =>
      edit.changes.some((c) => c.jobId === job1 && c.before?.techId === tech1 && c.after?.techId === tech2),
    );
    expect(move?.author).toEqual({ id: users.admin.id, name: users.admin.name });
    const change = move!.changes.find((c) => c.jobId === job1)!;
    expect(change.before).toMatchObject({ techId: tech1 });
    expect(change.after).toMatchObject({ techId: tech2 });
    expect(move!.at.getTime()).toBeGreaterThan(moments[1]!.at.getTime());
    expect(move!.at.getTime()).toBeLessThan(moments[2]!.at.getTime());
    const byAuthor = new Set(edits.flatMap((edit) => (edit.author ? [edit.author.id] : [])));
    expect(byAuthor).toEqual(new Set([users.dispatcher.id, users.admin.id]));
  });

  it("gives one job its own edits, and no other job's, for its page", async () => {
    const [job1, job2] = jobIds;
    const { edits, truncated } = await jobBoardEdits(runtime.database.db, date, Number(job1));
    expect(truncated).toBe(false);
    expect(edits.length).toBeGreaterThanOrEqual(3);
    expect(edits.every((edit) => edit.changes.every((c) => c.jobId === job1))).toBe(true);
    expect(edits.some((edit) => edit.author?.id === users.admin.id && edit.changes[0]!.kind === "moved")).toBe(true);
    const other = await jobBoardEdits(runtime.database.db, date, Number(job2));
    expect(other.edits.every((edit) => edit.changes.every((c) => c.jobId === job2))).toBe(true);
  });

  it("pages the edits by cursor without losing or repeating one", async () => {
    const all = await boardEdits(runtime.database.db, date, { afterId: 0, limit: 500 });
    const paged: number[] = [];
    let cursor: number | null = 0;
    while (cursor !== null) {
      const page: Awaited<ReturnType<typeof boardEdits>> = await boardEdits(runtime.database.db, date, {
        afterId: cursor,
        limit: 3,
      });
      paged.push(...page.edits.map((edit) => edit.id));
      cursor = page.nextAfterId;
    }
    expect(paged).toEqual(all.edits.map((edit) => edit.id));
  });

  it("counts the first edit's own instant, to the millisecond, as after it", async () => {
    const { boardHistoryRange } = await import("@/server/services/dispatch/board-history");
    const range = await boardHistoryRange(runtime.database.db, date);
    // The database keeps microseconds; a Date truncates them away. The board at the first edit is not empty.
    const first = await boardAt(runtime.database.db, date, new Date(range.first!.getTime()));
    expect(Object.keys(first.jobs).length).toBeGreaterThan(0);
  });

  it("diffs two instants", async () => {
    const [job1, job2] = jobIds;
    const changes = await boardDiff(runtime.database.db, date, moments[0]!.at, moments.at(-1)!.at);
    expect(changes.find((c) => c.jobId === job1)).toMatchObject({
      kind: "moved",
      fields: expect.arrayContaining(["status"]),
    });
    expect(changes.find((c) => c.jobId === job2)).toMatchObject({ kind: "moved" });
    expect(await boardDiff(runtime.database.db, date, moments[2]!.at, moments[2]!.at)).toEqual([]);
  });

  it("refuses an instant outside the history, and a board with none, with a sentence", async () => {
    const before = new Date(moments[0]!.at.getTime() - 400 * 86_400_000);
    await expect(boardAt(runtime.database.db, date, before)).rejects.toMatchObject({
      code: "invalid",
      key: "errors.boardHistory.instantOutside",
    });
    const never = shiftDate(date, 400);
    const refusal = await boardAt(runtime.database.db, never, new Date()).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ServiceError);
    expect(refusal).toMatchObject({ code: "not_found", key: "errors.boardHistory.empty" });
  });

  it("prunes a board's whole history past retention, and keeps it within", async () => {
    const db = runtime.database.db;
    const kept = await maintainBoardHistory(db, { now: new Date(), retentionDays: 180 });
    expect(kept.prunedUpdates).toBe(0);
    const later = new Date(moments.at(-1)!.at.getTime() + 3 * 86_400_000);
    const pruned = await maintainBoardHistory(db, { now: later, retentionDays: 1 });
    expect(pruned.prunedUpdates).toBeGreaterThan(0);
    expect(await db.select().from(collabHistory).where(eq(collabHistory.documentName, name))).toEqual([]);
    expect(
      await db.select().from(collabHistoryCheckpoints).where(eq(collabHistoryCheckpoints.documentName, name)),
    ).toEqual([]);
  });
});
