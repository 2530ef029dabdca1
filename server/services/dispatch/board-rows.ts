import { and, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import type { Database, Queryable } from "../../db/client";
import { jobsOnDay } from "./day-jobs";
import {
  dispatchJobs,
  dispatchJobTags,
  dispatchTags,
  dispatchTechnicians,
  serviceLocations,
  technicianTags,
  visitResponses,
} from "../../db/schema";
import { localDate, localMidnight } from "../../../lib/domain/quebec-dates";
import type { BoardTech, JobFromTables, VisitConfirmation } from "../../../lib/domain/board/types";
import { readConfirmation } from "../../../lib/domain/board/doc";
import { boardMayWriteJob, jobIdOfKey } from "../../../lib/domain/board/job-keys";
import type { Actor, StaffRole } from "../actor";
import { diffFields, type FieldChanges } from "../audit";
import { applyJobStatusChange, type JobStatusChange } from "../tracking/status-change";

/** Board rows ↔ relational rows: the board holds the live plan, the tables the record. */

function timeOnDate(date: string, hhmm: string): string {
  const [h, m] = hhmm.split(":").map(Number);
  return new Date(localMidnight(date).getTime() + ((h ?? 0) * 60 + (m ?? 0)) * 60_000).toISOString();
}

/** Sorted codes by owner id, in one pass (a filter per row is quadratic on a 2,000-job board). */
function groupCodes(pairs: Array<[number, string]>): Map<number, string[]> {
  const byOwner = new Map<number, string[]>();
  for (const [owner, code] of pairs) {
    const codes = byOwner.get(owner);
    if (codes) codes.push(code);
    else byOwner.set(owner, [code]);
  }
  for (const codes of byOwner.values()) codes.sort();
  return byOwner;
}

export async function loadBoardTechs(db: Queryable, date: string): Promise<BoardTech[]> {
  const techs = await db.select().from(dispatchTechnicians).where(eq(dispatchTechnicians.active, true));
  const skills = await db
    .select({ technicianId: technicianTags.technicianId, code: dispatchTags.code })
    .from(technicianTags)
    .innerJoin(dispatchTags, eq(dispatchTags.id, technicianTags.tagId));
  const skillsOf = groupCodes(skills.map((s) => [s.technicianId, s.code]));
  return techs.map((t) => ({
    id: String(t.id),
    name: t.name,
    color: t.color,
    skills: skillsOf.get(t.id) ?? [],
    shiftStart: timeOnDate(date, t.shiftStart),
    shiftEnd: timeOnDate(date, t.shiftEnd),
    homeLat: t.homeLat,
    homeLng: t.homeLng,
  }));
}

async function loadBoardJobsWhere(db: Queryable, where: ReturnType<typeof and>): Promise<JobFromTables[]> {
  const rows = await db
    .select({
      id: dispatchJobs.id,
      title: dispatchJobs.title,
      status: dispatchJobs.status,
      priority: dispatchJobs.priority,
      lat: serviceLocations.latitude,
      lng: serviceLocations.longitude,
      address: sql<string>`${serviceLocations.address} || ', ' || ${serviceLocations.city}`,
      durationMin: dispatchJobs.durationMin,
      windowStart: dispatchJobs.windowStart,
      windowEnd: dispatchJobs.windowEnd,
      leadTechnicianId: dispatchJobs.leadTechnicianId,
      scheduledStart: dispatchJobs.scheduledStart,
      updatedBy: dispatchJobs.updatedBy,
      confirmation: visitResponses.response,
    })
    .from(dispatchJobs)
    .innerJoin(serviceLocations, eq(serviceLocations.id, dispatchJobs.locationId))
    .leftJoin(visitResponses, eq(visitResponses.jobId, dispatchJobs.id))
    .where(where);
  if (rows.length === 0) return [];
  const tags = await db
    .select({ jobId: dispatchJobTags.jobId, code: dispatchTags.code })
    .from(dispatchJobTags)
    .innerJoin(dispatchTags, eq(dispatchTags.id, dispatchJobTags.tagId))
    .where(
      inArray(
        dispatchJobTags.jobId,
        rows.map((r) => r.id),
      ),
    );
  const skillsOf = groupCodes(tags.map((t) => [t.jobId, t.code]));
  return rows.map((r) => ({
    id: String(r.id),
    title: r.title,
    status: r.status,
    priority: r.priority,
    lat: r.lat,
    lng: r.lng,
    address: r.address,
    durationMin: r.durationMin,
    windowStart: r.windowStart?.toISOString() ?? null,
    windowEnd: r.windowEnd?.toISOString() ?? null,
    skills: skillsOf.get(r.id) ?? [],
    techId: r.leadTechnicianId === null ? null : String(r.leadTechnicianId),
    start: r.scheduledStart?.toISOString() ?? null,
    updatedBy: r.updatedBy ?? "system",
    confirmation: readConfirmation(r.confirmation),
  }));
}

/** The day's jobs: by scheduled start, or by window when not scheduled. */
/**
 * The day's jobs that the board does not have yet (all of them for a new board). A stored
 * board already owns the plan of its jobs, so only the ids are read to find the new ones.
 */
export async function loadBoardJobsMissingFrom(
  db: Queryable,
  date: string,
  has: (jobId: string) => boolean,
): Promise<JobFromTables[]> {
  const ids = await db.select({ id: dispatchJobs.id }).from(dispatchJobs).where(jobsOnDay(date));
  const missing = ids.map((r) => r.id).filter((id) => !has(String(id)));
  if (missing.length === 0) return [];
  return loadBoardJobsWhere(db, and(inArray(dispatchJobs.id, missing)));
}

export async function loadBoardJob(db: Queryable, jobId: number): Promise<{ job: JobFromTables; date: string } | null> {
  const [job] = await loadBoardJobsWhere(db, and(eq(dispatchJobs.id, jobId)));
  if (!job) return null;
  const anchor = job.start ?? job.windowStart;
  return anchor ? { job, date: localDate(new Date(anchor)) } : null;
}

/**
 * The customers' answers (visit_responses) to the day's visits, by job id: what the board's
 * `confirmation` must say. Read at every load, so a stored board catches up with answers given
 * while nobody had it open on this instance, and with those given before the field existed.
 */
export async function loadBoardConfirmations(db: Queryable, date: string): Promise<Map<string, VisitConfirmation>> {
  const rows = await db
    .select({ jobId: visitResponses.jobId, response: visitResponses.response })
    .from(visitResponses)
    .innerJoin(dispatchJobs, eq(dispatchJobs.id, visitResponses.jobId))
    .where(jobsOnDay(date));
  return confirmationsByJob(rows);
}

/** The answers of these jobs (a client wrote their `confirmation`: the server puts the truth back). */
export async function loadJobConfirmations(db: Queryable, jobIds: number[]): Promise<Map<string, VisitConfirmation>> {
  if (jobIds.length === 0) return new Map();
  const rows = await db
    .select({ jobId: visitResponses.jobId, response: visitResponses.response })
    .from(visitResponses)
    .where(inArray(visitResponses.jobId, jobIds));
  return confirmationsByJob(rows);
}

function confirmationsByJob(rows: Array<{ jobId: number; response: string }>): Map<string, VisitConfirmation> {
  const byJob = new Map<string, VisitConfirmation>();
  for (const row of rows) {
    const confirmation = readConfirmation(row.response);
    if (confirmation) byJob.set(String(row.jobId), confirmation);
  }
  return byJob;
}

/** The columns the board owns, as the board would write them. */
function boardPatch(job: JobFromTables) {
  const techId = job.techId === null ? null : Number(job.techId);
  return {
    leadTechnicianId: techId !== null && Number.isSafeInteger(techId) ? techId : null,
    scheduledStart: job.start ? new Date(job.start) : null,
    durationMin: job.durationMin,
    status: job.status,
    priority: job.priority,
  };
}

type BoardColumns = ReturnType<typeof boardPatch>;
function boardChanges(row: BoardColumns, job: JobFromTables) {
  const patch = boardPatch(job);
  return {
    patch,
    changes: diffFields(
      { ...row, scheduledStart: row.scheduledStart?.toISOString() ?? null },
      { ...patch, scheduledStart: patch.scheduledStart?.toISOString() ?? null },
    ),
  };
}

/**
 * The jobs whose rows differ from the board, found with one query: after a load, the
 * whole board is compared with the tables but only the jobs that drifted are written.
 */
export async function boardJobsOutOfStep(db: Queryable, jobs: JobFromTables[]): Promise<JobFromTables[]> {
  const ids = jobs.map((j) => jobIdOfKey(j.id)).filter((id) => id !== null);
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      id: dispatchJobs.id,
      leadTechnicianId: dispatchJobs.leadTechnicianId,
      scheduledStart: dispatchJobs.scheduledStart,
      durationMin: dispatchJobs.durationMin,
      status: dispatchJobs.status,
      priority: dispatchJobs.priority,
    })
    .from(dispatchJobs)
    .where(inArray(dispatchJobs.id, ids));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return jobs.filter((job) => {
    const id = jobIdOfKey(job.id);
    const row = id === null ? undefined : byId.get(id);
    return row !== undefined && Object.keys(boardChanges(row, job).changes).length > 0;
  });
}

/** Who made a board edit: the user of the connection it came on, never what the document says. */
export interface BoardEditor {
  id: string;
  name: string;
  role: StaffRole;
}

export interface BoardWriteOptions {
  /** The time of the change (tests move it); default now. */
  now?: Date;
  /** The connection's user; none (the server, or an edit relayed from another instance) audits as the board itself. */
  editor?: BoardEditor | null;
  /** The board the edit came from: a job that is not on that day (or would leave it) is not written. */
  boardDate?: string;
  /** Called once the write has committed, when the job's status changed: the "on my way" SMS hangs on it (board-extension.ts). */
  onStatusChange?: (change: JobStatusChange) => void;
  /**
   * Called once the write has committed, when it cleared the customer's request to reschedule
   * (the start was re-planned): the board's `confirmation` of the job must say null again.
   */
  onConfirmationCleared?: (jobId: number) => void;
}

/** One job of a batch, with who changed it last (none: the server, or an edit relayed from another instance). */
export interface BoardJobWrite {
  job: JobFromTables;
  editor?: BoardEditor | null;
}

export type BoardWriteResult = "updated" | "unchanged" | "missing" | "other-day";

/**
 * Writes what the board owns (assignment, time, duration, status, priority) for one job,
 * in one transaction with its audit entry. Idempotent: a job already in step writes nothing.
 * A status change also stamps the done time and moves the tracking link's expiry in the same
 * transaction (status-change.ts), and is reported to `onStatusChange` after the commit.
 *
 * A new start for a job whose customer asked to reschedule answers that request: the answer is
 * removed (the portal offers confirming the new time, and the reminder, keyed by the planned
 * start, is due again), in the same transaction and audit entry. A confirmation stays: the
 * board moves a job only within its day, and the customer confirmed the day and its window.
 * Unassigning (no start) leaves the request standing: no new time was given.
 */
export async function writeBoardJob(
  db: Database,
  job: JobFromTables,
  options: BoardWriteOptions = {},
): Promise<BoardWriteResult> {
  const [result] = await writeBoardJobs(db, [{ job, editor: options.editor }], options);
  return result!;
}

/**
 * writeBoardJob for many jobs (a board's flush), set-based: one transaction of a fixed number of
 * statements whatever the count (rows locked in id order, one UPDATE from a JSON recordset, one
 * audit INSERT; a status change or a cleared request adds its own, as they are rare), so the
 * tables' cost of an edit does not grow with how many jobs a flush carries. Each job gets its own
 * audit entry and result (in the order given), as writeBoardJob would. A job listed twice is
 * written once, as its last entry says. The batch is one transaction: a row that fails a
 * constraint fails them all (writeBoardJobsEach keeps the others).
 */
export async function writeBoardJobs(
  db: Database,
  writes: readonly BoardJobWrite[],
  options: Omit<BoardWriteOptions, "editor"> = {},
): Promise<BoardWriteResult[]> {
  const at = options.now ?? new Date();
  const { boardDate } = options;
  const results: BoardWriteResult[] = writes.map(() => "missing");
  /** Job id → the index of its last entry: that one is written, earlier ones report "unchanged". */
  const lastOf = new Map<number, number>();
  writes.forEach(({ job }, index) => {
    const jobId = jobIdOfKey(job.id);
    if (jobId === null) return;
    const earlier = lastOf.get(jobId);
    if (earlier !== undefined) results[earlier] = "unchanged";
    lastOf.set(jobId, index);
  });
  if (lastOf.size === 0) return results;
  const ids = [...lastOf.keys()].sort((a, b) => a - b);
  const { statusChanges, cleared } = await db.transaction(async (tx) => {
    // In id order: two flushes that share jobs lock them in the same order, so they queue, never deadlock.
    // With each row, whether a customer asked to reschedule it: only then does a move clear that
    // answer, so most flushes skip the DELETE.
    const rows = await tx
      .select({
        ...getTableColumns(dispatchJobs),
        rescheduleRequested: sql<boolean>`exists (select 1 from visit_responses r
          where r.job_id = ${dispatchJobs.id} and r.response = 'reschedule_requested')`,
      })
      .from(dispatchJobs)
      .where(inArray(dispatchJobs.id, ids))
      .orderBy(dispatchJobs.id)
      .for("update", { of: dispatchJobs });
    const updates: Array<{
      jobId: number;
      index: number;
      patch: BoardColumns;
      changes: FieldChanges;
      change: JobStatusChange | null;
      editor: BoardEditor | null;
      clearsRequest: boolean;
    }> = [];
    for (const row of rows) {
      const index = lastOf.get(row.id)!;
      const { job, editor } = writes[index]!;
      if (boardDate !== undefined && !boardMayWriteJob(boardDate, row, job.start)) {
        results[index] = "other-day";
        continue;
      }
      const { patch, changes } = boardChanges(row, job);
      if (Object.keys(changes).length === 0) {
        results[index] = "unchanged";
        continue;
      }
      const change: JobStatusChange | null =
        row.status === patch.status
          ? null
          : { jobId: row.id, from: row.status, to: patch.status, at, ticketId: row.ticketId };
      const clearsRequest =
        row.rescheduleRequested && changes.scheduledStart !== undefined && patch.scheduledStart !== null;
      updates.push({ jobId: row.id, index, patch, changes, change, editor: editor ?? null, clearsRequest });
      results[index] = "updated";
    }
    if (updates.length === 0) return { statusChanges: [], cleared: [] };

    // The done time the tracking link's hour counts from; a job reopened is no longer done.
    const values = updates.map(({ jobId, patch, change, editor }) => ({
      id: jobId,
      lead_technician_id: patch.leadTechnicianId,
      scheduled_start: patch.scheduledStart?.toISOString() ?? null,
      duration_min: patch.durationMin,
      status: patch.status,
      priority: patch.priority,
      set_completed: change?.to === "done" || change?.from === "done",
      completed_at: change?.to === "done" ? at.toISOString() : null,
      updated_by: editor?.id ?? "system",
    }));
    const rescheduled = updates.filter((u) => u.clearsRequest).map(({ jobId }) => jobId);
    const cleared = new Set(
      rescheduled.length === 0
        ? []
        : (
            await tx
              .delete(visitResponses)
              .where(
                and(inArray(visitResponses.jobId, rescheduled), eq(visitResponses.response, "reschedule_requested")),
              )
              .returning({ jobId: visitResponses.jobId })
          ).map((r) => r.jobId),
    );
    // The document's updatedBy is written by clients: the actor is the connection's user.
    const audits = updates.map(({ jobId, changes, editor }) => {
      if (cleared.has(jobId)) changes.customerResponse = { from: "reschedule_requested", to: null };
      const actor: Pick<Actor, "realm" | "userId"> = editor
        ? { realm: "staff", userId: editor.id }
        : { realm: "system", userId: null };
      return {
        actor_realm: actor.realm,
        actor_id: actor.userId,
        action: "dispatch.job.board-edit",
        entity_type: "dispatch_job",
        entity_id: String(jobId),
        changes,
      };
    });
    // The rows and their audit entries in one statement: one round trip, whatever the batch's size.
    await tx.execute(sql`
      with written as (
        update dispatch_jobs as d set
          lead_technician_id = v.lead_technician_id,
          scheduled_start = v.scheduled_start,
          duration_min = v.duration_min,
          status = v.status::dispatch_job_status,
          priority = v.priority,
          completed_at = case when v.set_completed then v.completed_at else d.completed_at end,
          updated_by = v.updated_by,
          updated_at = ${at.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as v(
          id integer, lead_technician_id integer, scheduled_start timestamptz, duration_min integer,
          status text, priority smallint, set_completed boolean, completed_at timestamptz, updated_by text)
        where d.id = v.id
        returning d.id
      )
      insert into audit_log (actor_realm, actor_id, action, entity_type, entity_id, changes)
      select a.actor_realm::actor_realm, a.actor_id, a.action, a.entity_type, a.entity_id, a.changes
      from jsonb_to_recordset(${JSON.stringify(audits)}::jsonb) as a(
        actor_realm text, actor_id text, action text, entity_type text, entity_id text, changes jsonb)`);
    for (const { change } of updates) if (change) await applyJobStatusChange(tx, change);
    return {
      statusChanges: updates.flatMap(({ change }) => (change ? [change] : [])),
      cleared: [...cleared],
    };
  });
  for (const change of statusChanges) options.onStatusChange?.(change);
  for (const jobId of cleared) options.onConfirmationCleared?.(jobId);
  return results;
}

/**
 * writeBoardJobs, and when the batch fails (a row a client made break a constraint), each job
 * on its own, so one bad job costs only its own write; `onError` hears each job that failed.
 */
export async function writeBoardJobsEach(
  db: Database,
  writes: readonly BoardJobWrite[],
  options: Omit<BoardWriteOptions, "editor"> & { onError?: (error: unknown) => void } = {},
): Promise<void> {
  if (writes.length === 0) return;
  try {
    await writeBoardJobs(db, writes, options);
  } catch (error) {
    if (writes.length === 1) return options.onError?.(error);
    for (const write of writes) await writeBoardJobs(db, [write], options).catch((e: unknown) => options.onError?.(e));
  }
}

/** The board's link to the tables, handed to the collab server's board extension (which imports no service). */
export interface BoardTables {
  writeJob: typeof writeBoardJob;
  writeJobs: typeof writeBoardJobsEach;
  loadTechs: typeof loadBoardTechs;
  loadJobsMissingFrom: typeof loadBoardJobsMissingFrom;
  jobsOutOfStep: typeof boardJobsOutOfStep;
  loadJob: typeof loadBoardJob;
  loadConfirmations: typeof loadBoardConfirmations;
  jobConfirmations: typeof loadJobConfirmations;
}

export const boardTables: BoardTables = {
  writeJob: writeBoardJob,
  writeJobs: writeBoardJobsEach,
  loadTechs: loadBoardTechs,
  loadJobsMissingFrom: loadBoardJobsMissingFrom,
  jobsOutOfStep: boardJobsOutOfStep,
  loadJob: loadBoardJob,
  loadConfirmations: loadBoardConfirmations,
  jobConfirmations: loadJobConfirmations,
};
