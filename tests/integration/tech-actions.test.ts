import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { and, count, eq, ne } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import {
  auditLog,
  dispatchJobChecklistItems,
  dispatchJobs,
  dispatchTechnicians,
  staffUsers,
  technicianActions,
} from "@/server/db/schema";
import type { JobPatchedEvent } from "@/server/services/dispatch/job-events";
import type { JobSender } from "@/server/services/background-jobs";
import { writeBoardJob, loadBoardJob } from "@/server/services/dispatch/board-rows";
import { techAct, type TechActDeps, type TechActor } from "@/server/services/tech/actions";
import { techDay } from "@/server/services/tech/day";
import type { TechAction } from "@/lib/schemas/tech";
import type * as Y from "yjs";
import { boardDocumentName } from "@/lib/domain/board/types";
import { signCollabToken } from "@/server/collab/tokens";
import { startCollabHarness } from "../support/collab-harness";
import { connectBoard, eventually, type BoardClient } from "../support/collab-client";
import { callerAs, createSeededRuntime, type TestRuntime } from "../support/test-runtime";

/**
 * The phone's actions against the real schema: each client key applied once (replays and
 * concurrent duplicates), the status flow, a reassignment while offline, a stranger's job.
 */
let runtime: TestRuntime;
let actor: TechActor;
let deps: TechActDeps;
const enqueued: number[] = [];
const patches: JobPatchedEvent[] = [];
let stopPatches: () => void;

const key = () => randomUUID();
const db = () => runtime.database.db;

async function assignedJobs(): Promise<number[]> {
  const rows = await db()
    .select({ id: dispatchJobs.id })
    .from(dispatchJobs)
    .where(and(eq(dispatchJobs.leadTechnicianId, actor.technicianId), eq(dispatchJobs.status, "assigned")))
    .orderBy(dispatchJobs.id);
  return rows.map((r) => r.id);
}
const act = (jobId: number, action: TechAction, clientKey = key()) =>
  techAct(deps, actor, { clientKey, jobId, action });
const jobRow = async (jobId: number) => (await db().select().from(dispatchJobs).where(eq(dispatchJobs.id, jobId)))[0]!;

beforeAll(async () => {
  runtime = await createSeededRuntime();
  const [tech] = await db()
    .select({ id: dispatchTechnicians.id, userId: staffUsers.id, name: staffUsers.name })
    .from(dispatchTechnicians)
    .innerJoin(staffUsers, eq(staffUsers.id, dispatchTechnicians.userId))
    .where(eq(staffUsers.email, "technician@demo.test"));
  actor = { technicianId: tech!.id, userId: tech!.userId, name: tech!.name };
  // The job queue records what would be queued (the "on my way" SMS) instead of sending it.
  const jobs: JobSender = {
    send: (_queue, data) => {
      enqueued.push((data as { jobId: number }).jobId);
      return Promise.resolve("recorded");
    },
    jobsByKey: () => Promise.resolve([]),
  };
  deps = { ...runtime, jobs };
  stopPatches = runtime.events.dispatchJobs.onJobPatched((event) => patches.push(event));
});
afterAll(async () => {
  stopPatches?.();
  await runtime?.close();
});

describe("technician actions", () => {
  it("moves a job en route → on site → done, once per key, patching the board and queueing one SMS", async () => {
    const [jobId] = await assignedJobs();
    const enRouteKey = key();
    const first = await act(jobId!, { kind: "status", status: "en_route" }, enRouteKey);
    const replay = await act(jobId!, { kind: "status", status: "en_route" }, enRouteKey);
    expect(first).toEqual({ accepted: true, replayed: false, result: { status: "en_route", changed: true } });
    expect(replay).toEqual({ accepted: true, replayed: true, result: { status: "en_route", changed: true } });
    // A second tap (another key) is accepted and changes nothing.
    expect(await act(jobId!, { kind: "status", status: "en_route" })).toMatchObject({
      accepted: true,
      result: { changed: false },
    });
    expect(enqueued.filter((id) => id === jobId)).toEqual([jobId]);
    const board = await loadBoardJob(db(), jobId!);
    expect(patches.filter((p) => p.jobId === jobId)).toEqual([
      { jobId, date: board!.date, fields: { status: "en_route", updatedBy: actor.userId } },
    ]);

    expect(await act(jobId!, { kind: "status", status: "on_site" })).toMatchObject({ accepted: true });
    expect(
      await act(jobId!, { kind: "status", status: "done", summary: "ONT installé, signal −18 dBm" }),
    ).toMatchObject({ accepted: true });
    const row = await jobRow(jobId!);
    expect(row.status).toBe("done");
    expect(row.completedAt).toBeInstanceOf(Date);
    expect(row.completionSummary).toBe("ONT installé, signal −18 dBm");
    const [{ n }] = (await db()
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, String(jobId)), eq(auditLog.action, "dispatch.job.tech-status")))) as [
      { n: number },
    ];
    expect(n).toBe(3);

    // Done is final for the technician.
    expect(await act(jobId!, { kind: "status", status: "on_site" })).toMatchObject({
      accepted: false,
      code: "job_closed",
      key: "errors.tech.jobFinished",
      params: { from: "done", to: "on_site" },
    });
  });

  it("refuses skipping to done and stepping back, and writes nothing", async () => {
    const [, jobId] = await assignedJobs();
    const before = await jobRow(jobId!);
    expect(await act(jobId!, { kind: "status", status: "done" })).toMatchObject({
      accepted: false,
      code: "bad_transition",
      key: "errors.tech.badTransition",
      params: { from: "assigned", to: "done" },
    });
    expect((await jobRow(jobId!)).updatedAt).toEqual(before.updatedAt);
  });

  it("stores concurrent duplicates of one checklist action once", async () => {
    const [jobId] = await assignedJobs();
    const day = await techDay(db(), {
      userId: actor.userId,
      date: (await loadBoardJob(db(), jobId!))!.date,
      language: "fr",
    });
    const item = day.jobs.find((j) => j.id === jobId)!.checklist[0]!;
    const clientKey = key();
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => act(jobId!, { kind: "checklist", itemId: item.id, done: true }, clientKey)),
    );
    expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
    expect(outcomes.every((o) => o.accepted)).toBe(true);
    const [{ n }] = (await db()
      .select({ n: count() })
      .from(technicianActions)
      .where(eq(technicianActions.clientKey, clientKey))) as [{ n: number }];
    expect(n).toBe(1);
    const [stored] = await db()
      .select()
      .from(dispatchJobChecklistItems)
      .where(eq(dispatchJobChecklistItems.id, item.id));
    expect(stored).toMatchObject({ done: true, doneBy: actor.userId });
    // The tick is in the audit log once, by the technician, from undone to done; ticking it
    // again (another key, nothing changes) adds nothing.
    expect((await act(jobId!, { kind: "checklist", itemId: item.id, done: true }, key())).accepted).toBe(true);
    const audited = await db()
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.entityType, "dispatch_job"),
          eq(auditLog.entityId, String(jobId)),
          eq(auditLog.action, "dispatch.job.tech-checklist"),
        ),
      );
    expect(audited).toEqual([
      expect.objectContaining({
        actorRealm: "staff",
        actorId: actor.userId,
        changes: { [`item:${item.id}`]: { from: false, to: true } },
      }),
    ]);
  });

  it("refuses a key reused for another action", async () => {
    const [jobId] = await assignedJobs();
    const clientKey = key();
    await act(jobId!, { kind: "material", itemId: 2_000_000_000, quantity: 1 }, clientKey);
    expect(await act(jobId!, { kind: "status", status: "en_route" }, clientKey)).toMatchObject({
      accepted: false,
      code: "key_reused",
    });
    expect((await jobRow(jobId!)).status).toBe("assigned");
  });

  it("tells the phone a job was reassigned while it was offline, and keeps that answer for replays", async () => {
    const [jobId] = await assignedJobs();
    const [other] = await db()
      .select({ id: dispatchTechnicians.id })
      .from(dispatchTechnicians)
      .where(ne(dispatchTechnicians.id, actor.technicianId))
      .limit(1);
    const board = (await loadBoardJob(db(), jobId!))!;
    // A dispatcher moves the job to another technician on the board.
    await writeBoardJob(db(), { ...board.job, techId: String(other!.id), updatedBy: "dispatcher" });

    const clientKey = key();
    const refused = await act(jobId!, { kind: "status", status: "en_route" }, clientKey);
    const text = { key: "errors.tech.reassigned", params: { job: jobId } };
    expect(refused).toMatchObject({ accepted: false, replayed: false, code: "reassigned", ...text });
    expect(await act(jobId!, { kind: "status", status: "en_route" }, clientKey)).toMatchObject({
      accepted: false,
      replayed: true,
      code: "reassigned",
      ...text,
    });
    expect(await jobRow(jobId!)).toMatchObject({ status: "assigned", leadTechnicianId: other!.id });
  });

  it("answers 403 for a job that never was the technician's, and keeps no trace", async () => {
    const [stranger] = await db()
      .select({ id: dispatchJobs.id })
      .from(dispatchJobs)
      .where(and(ne(dispatchJobs.leadTechnicianId, actor.technicianId), eq(dispatchJobs.status, "assigned")))
      .limit(1);
    const { caller } = await callerAs(runtime, "staff", "technician@demo.test");
    const clientKey = key();
    const error = await caller.tech
      .act({ clientKey, jobId: stranger!.id, action: { kind: "status", status: "en_route" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("FORBIDDEN");
    expect(await db().select().from(technicianActions).where(eq(technicianActions.clientKey, clientKey))).toEqual([]);
  });
});

describe("technician status on the live board", () => {
  const jobStatusOn = (board: BoardClient, jobId: number) =>
    (board.doc.getMap("jobs").get(String(jobId)) as Y.Map<unknown> | undefined)?.get("status");

  it("reaches an open board at once, and a board nobody has open when it is next opened", async () => {
    const harness = await startCollabHarness(runtime);
    const token = signCollabToken(
      (
        await db().select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.email, "dispatcher@demo.test"))
      )[0]!.id,
      runtime.config.authSecret,
    );
    try {
      const [open, closed] = await assignedJobs();
      const openDate = (await loadBoardJob(db(), open!))!.date;
      const board = await connectBoard({ url: harness.url, name: boardDocumentName(openDate), token });
      expect(jobStatusOn(board, open!)).toBe("assigned");
      await act(open!, { kind: "status", status: "en_route" });
      await eventually(
        () => jobStatusOn(board, open!),
        (status) => status === "en_route",
      );
      board.destroy();

      // The other job's board is stored with the job assigned, closed, and changed while closed.
      const closedDate = (await loadBoardJob(db(), closed!))!.date;
      const before = await connectBoard({ url: harness.url, name: boardDocumentName(closedDate), token });
      expect(jobStatusOn(before, closed!)).toBe("assigned");
      before.destroy();
      await eventually(
        () => harness.collab.hocuspocus.documents.size,
        (n) => n === 0,
        15_000,
      );
      await act(closed!, { kind: "status", status: "on_site" });
      // The patch loads, edits and stores the board; a dispatcher opening it later sees the status.
      await eventually(
        () => harness.collab.hocuspocus.documents.size,
        (n) => n === 0,
        15_000,
      );
      const later = await connectBoard({ url: harness.url, name: boardDocumentName(closedDate), token });
      expect(jobStatusOn(later, closed!)).toBe("on_site");
      later.destroy();
    } finally {
      await harness.stop();
    }
  });
});
