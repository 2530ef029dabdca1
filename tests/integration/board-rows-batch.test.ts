import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray, isNotNull, notInArray } from "drizzle-orm";
import { auditLog, dispatchJobs, dispatchTechnicians, staffUsers } from "@/server/db/schema";
import {
  loadBoardJob,
  writeBoardJobs,
  writeBoardJobsEach,
  type BoardEditor,
} from "@/server/services/dispatch/board-rows";
import type { JobFromTables } from "@/lib/domain/board/types";
import type { JobStatusChange } from "@/server/services/tracking/status-change";
import { createSeededRuntime, type TestRuntime } from "../support/test-runtime";

/**
 * A board's flush writes all its changed jobs at once (board-extension.ts): each job gets the
 * result, row and audit entry writeBoardJob would give it, and a batch that fails a constraint
 * falls back to one write per job, so only the bad job is lost.
 */
let runtime: TestRuntime;
let editor: BoardEditor;
const db = () => runtime.database.db;

/** Open jobs with a start (picked by property), as the board reads them. */
async function openJobs(count: number): Promise<Array<{ job: JobFromTables; date: string }>> {
  const rows = await db()
    .select({ id: dispatchJobs.id })
    .from(dispatchJobs)
    .where(and(isNotNull(dispatchJobs.scheduledStart), notInArray(dispatchJobs.status, ["done", "cancelled"])))
    .orderBy(dispatchJobs.id)
    .limit(count);
  expect(rows).toHaveLength(count);
  return Promise.all(rows.map(async (r) => (await loadBoardJob(db(), r.id))!));
}

const auditOf = (ids: number[]) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "dispatch_job"), inArray(auditLog.entityId, ids.map(String))));

beforeAll(async () => {
  runtime = await createSeededRuntime();
  const [user] = await db()
    .select({ id: staffUsers.id, name: staffUsers.name })
    .from(staffUsers)
    .where(eq(staffUsers.email, "dispatcher@demo.test"));
  editor = { id: user!.id, name: user!.name, role: "dispatcher" };
});

afterAll(async () => {
  await runtime?.close();
});

describe("writeBoardJobs", () => {
  it("writes each changed job with its own audit entry and result, and leaves the others", async () => {
    const [a, b, c] = await openJobs(3);
    const changes: JobStatusChange[] = [];
    const results = await writeBoardJobs(
      db(),
      [
        { job: { ...a!.job, durationMin: a!.job.durationMin + 15 }, editor },
        { job: { ...b!.job, status: "done" }, editor: null },
        { job: c!.job, editor },
        { job: { ...c!.job, id: "not-a-job" }, editor },
      ],
      { boardDate: a!.date === b!.date ? a!.date : undefined, onStatusChange: (change) => changes.push(change) },
    );
    expect(results).toEqual(["updated", "updated", "unchanged", "missing"]);

    const ids = [a!, b!, c!].map((x) => Number(x.job.id));
    const rows = new Map(
      (await db().select().from(dispatchJobs).where(inArray(dispatchJobs.id, ids))).map((r) => [r.id, r]),
    );
    expect(rows.get(ids[0]!)).toMatchObject({ durationMin: a!.job.durationMin + 15, updatedBy: editor.id });
    expect(rows.get(ids[1]!)).toMatchObject({ status: "done", updatedBy: "system" });
    expect(rows.get(ids[1]!)!.completedAt).toBeInstanceOf(Date);
    expect(changes).toEqual([expect.objectContaining({ jobId: ids[1], from: b!.job.status, to: "done" })]);

    const audit = await auditOf(ids);
    expect(audit.map((e) => [Number(e.entityId), e.actorRealm, e.actorId, e.changes]).sort()).toEqual(
      [
        [ids[0], "staff", editor.id, { durationMin: { from: a!.job.durationMin, to: a!.job.durationMin + 15 } }],
        [ids[1], "system", null, { status: { from: b!.job.status, to: "done" } }],
      ].sort(),
    );
  });

  it("does not write a job of another day than the board's", async () => {
    const [job] = await openJobs(1);
    const otherDay = job!.date === "2001-01-01" ? "2001-01-02" : "2001-01-01";
    const before = await auditOf([Number(job!.job.id)]);
    expect(
      await writeBoardJobs(db(), [{ job: { ...job!.job, priority: job!.job.priority === 1 ? 2 : 1 } }], {
        boardDate: otherDay,
      }),
    ).toEqual(["other-day"]);
    expect(await auditOf([Number(job!.job.id)])).toHaveLength(before.length);
  });

  it("falls back to one write per job when the batch breaks a constraint", async () => {
    const [good, bad] = await openJobs(2);
    const techIds = (await db().select({ id: dispatchTechnicians.id }).from(dispatchTechnicians)).map((t) => t.id);
    const maxId = Math.max(...techIds);
    const errors: unknown[] = [];
    await writeBoardJobsEach(
      db(),
      [
        { job: { ...good!.job, durationMin: good!.job.durationMin + 30 }, editor },
        // No such technician: the foreign key refuses the row.
        { job: { ...bad!.job, techId: String(maxId + 1_000) }, editor },
      ],
      { onError: (error) => errors.push(error) },
    );
    expect(errors).toHaveLength(1);
    const [goodRow] = await db()
      .select()
      .from(dispatchJobs)
      .where(eq(dispatchJobs.id, Number(good!.job.id)));
    const [badRow] = await db()
      .select()
      .from(dispatchJobs)
      .where(eq(dispatchJobs.id, Number(bad!.job.id)));
    expect(goodRow!.durationMin).toBe(good!.job.durationMin + 30);
    expect(badRow!.leadTechnicianId === null ? null : String(badRow!.leadTechnicianId)).toBe(bad!.job.techId);
  });
});
