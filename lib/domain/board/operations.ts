/**
 * The dispatcher's edits. Each one validates against the replica's current state, then writes in
 * one transaction only the fields it must: fields are independent last-writer-wins registers, so
 * writing an untouched field would needlessly overwrite a concurrent edit from someone else.
 * A refusal writes nothing; so does an edit that would change nothing (not even updatedBy).
 */
import * as Y from "yjs";
import { JOB_STATUSES, type BoardJob, type JobStatus } from "./types";
import { diffFields, getMaps, readJob, writeFields, type FieldMap } from "./doc";
import { isInstant, parseInstant, snapDuration, snapToGrid } from "./time";

export {
  addMinutes,
  jobInterval,
  minutesBetween,
  parseInstant,
  isInstant,
  snapDuration,
  snapToGrid,
  toInstant,
} from "./time";

/** Why an edit was refused: a code and its parameters for the UI to translate, and an English sentence for logs. */
export type RefusalCode =
  | "job_missing"
  | "job_done"
  | "job_cancelled"
  | "bad_start"
  | "user_required"
  | "tech_missing"
  | "needs_tech_for_time"
  | "bad_duration"
  | "unknown_status"
  | "done_is_final"
  | "needs_tech"
  | "bad_transition"
  | "needs_tech_to_lock";
export interface Refusal {
  code: RefusalCode;
  params: Record<string, string>;
  message: string;
}
export type OpResult = { ok: true } | { ok: false; reason: string; code: RefusalCode; params: Record<string, string> };

const OK: OpResult = { ok: true };
const refuse = (refusal: Refusal): OpResult => ({
  ok: false,
  reason: refusal.message,
  code: refusal.code,
  params: refusal.params,
});
const refusal = (code: RefusalCode, params: Record<string, string>, message: string): Refusal => ({
  code,
  params,
  message,
});
const NEEDS_TECH: readonly JobStatus[] = ["assigned", "en_route", "on_site", "done"];

type Loaded = { map: FieldMap; job: BoardJob };

function loadJob(doc: Y.Doc, jobId: string): Loaded | Refusal {
  const map = getMaps(doc).jobs.get(jobId);
  if (!(map instanceof Y.Map)) return refusal("job_missing", { jobId }, `Job ${jobId} is not on this board.`);
  return { map, job: readJob(map, jobId) };
}

function finalReason(job: BoardJob, action: string): Refusal | null {
  if (job.status === "done")
    return refusal("job_done", { jobId: job.id }, `Job ${job.id} is done; reopen it before you ${action} it.`);
  if (job.status === "cancelled")
    return refusal(
      "job_cancelled",
      { jobId: job.id },
      `Job ${job.id} is cancelled; restore it before you ${action} it.`,
    );
  return null;
}

function checkStart(start: string): Refusal | null {
  return isInstant(start)
    ? null
    : refusal(
        "bad_start",
        { value: String(start) },
        `Start must be an ISO date-time with an offset (e.g. 2026-03-08T09:00:00-05:00), got ${JSON.stringify(start)}.`,
      );
}

/** Writes the fields that differ, plus updatedBy, in one transaction; nothing if none differ. */
function apply(doc: Y.Doc, loaded: Loaded, patch: Partial<BoardJob>, userId: string, origin: unknown): OpResult {
  // The same instant written with another offset is no change; comparing strings would say it is.
  if (
    patch.start !== undefined &&
    patch.start !== null &&
    parseInstant(patch.start) === parseInstant(loaded.job.start)
  ) {
    delete patch.start;
  }
  const diff = diffFields(loaded.map, patch);
  if (Object.keys(diff).length === 0) return OK;
  doc.transact(() => writeFields(loaded.map, { ...diff, updatedBy: userId }), origin);
  return OK;
}

function checkUser(userId: string): Refusal | null {
  return typeof userId === "string" && userId !== ""
    ? null
    : refusal("user_required", {}, "A user id is required to edit the board.");
}

/** Puts a job on a technician's row, at `start` (snapped to 15 min) or with no time yet (null). */
export function assignJob(
  doc: Y.Doc,
  jobId: string,
  techId: string,
  start: string | null,
  userId: string,
  origin: unknown = userId,
): OpResult {
  const loaded = loadJob(doc, jobId);
  if (!("map" in loaded)) return refuse(loaded);
  const problem =
    checkUser(userId) ??
    finalReason(loaded.job, "assign") ??
    (typeof techId === "string" && getMaps(doc).techs.has(techId)
      ? null
      : refusal("tech_missing", { techId: String(techId) }, `Technician ${techId} is not on this board.`)) ??
    (start === null ? null : checkStart(start));
  if (problem) return refuse(problem);
  const patch: Partial<BoardJob> = { techId, start: start === null ? null : snapToGrid(start) };
  if (loaded.job.status === "unassigned") patch.status = "assigned";
  return apply(doc, loaded, patch, userId, origin);
}

export function unassignJob(doc: Y.Doc, jobId: string, userId: string, origin: unknown = userId): OpResult {
  const loaded = loadJob(doc, jobId);
  if (!("map" in loaded)) return refuse(loaded);
  const problem = checkUser(userId) ?? finalReason(loaded.job, "unassign");
  if (problem) return refuse(problem);
  // A pin holds a job to its technician: with none left there is nothing to hold.
  return apply(doc, loaded, { techId: null, start: null, status: "unassigned", locked: false }, userId, origin);
}

/**
 * Pins a job to its technician and start (or releases it): plan proposals and re-plans then
 * leave it where it is. Manual edits still move it; the pin is the optimizer's instruction.
 */
export function setJobLocked(
  doc: Y.Doc,
  jobId: string,
  locked: boolean,
  userId: string,
  origin: unknown = userId,
): OpResult {
  const loaded = loadJob(doc, jobId);
  if (!("map" in loaded)) return refuse(loaded);
  const problem =
    checkUser(userId) ??
    finalReason(loaded.job, locked ? "pin" : "release") ??
    (locked && loaded.job.techId === null
      ? refusal("needs_tech_to_lock", { jobId }, `Job ${jobId} has no technician; assign it before pinning it.`)
      : null);
  if (problem) return refuse(problem);
  return apply(doc, loaded, { locked: locked === true }, userId, origin);
}

/** Changes the time only; an unassigned job has no row to sit on, so it must be assigned first. */
export function moveJob(doc: Y.Doc, jobId: string, start: string, userId: string, origin: unknown = userId): OpResult {
  const loaded = loadJob(doc, jobId);
  if (!("map" in loaded)) return refuse(loaded);
  const problem =
    checkUser(userId) ??
    finalReason(loaded.job, "move") ??
    checkStart(start) ??
    (loaded.job.techId === null
      ? refusal("needs_tech_for_time", { jobId }, `Job ${jobId} has no technician; assign it before giving it a time.`)
      : null);
  if (problem) return refuse(problem);
  return apply(doc, loaded, { start: snapToGrid(start) }, userId, origin);
}

/** A drag may overshoot, so the duration is snapped to the grid and clamped to [15 min, 12 h]. */
export function resizeJob(
  doc: Y.Doc,
  jobId: string,
  durationMin: number,
  userId: string,
  origin: unknown = userId,
): OpResult {
  const loaded = loadJob(doc, jobId);
  if (!("map" in loaded)) return refuse(loaded);
  const problem =
    checkUser(userId) ??
    finalReason(loaded.job, "resize") ??
    (typeof durationMin === "number" && Number.isFinite(durationMin)
      ? null
      : refusal(
          "bad_duration",
          { value: String(durationMin) },
          `Duration must be a number of minutes, got ${String(durationMin)}.`,
        ));
  if (problem) return refuse(problem);
  return apply(doc, loaded, { durationMin: snapDuration(durationMin) }, userId, origin);
}

/**
 * Why a job may not move from its status to `to`, or null when it may.
 * - going to 'unassigned' also takes the technician and time off (setJobStatus does it), which is
 *   how a cancelled job is restored to the pool;
 * - assigned, en_route, on_site and done need a technician;
 * - en_route, on_site and done follow an active job (assigned, en_route, on_site);
 * - done is final: the only way out is a reopen to 'assigned' (not even cancelled, since
 *   the work happened and will be billed);
 * - cancelled is reachable from any other status, and a cancelled job is restored to
 *   'unassigned' or, keeping its technician, to 'assigned'.
 */
export function transitionProblem(job: Pick<BoardJob, "id" | "status" | "techId">, to: JobStatus): string | null {
  return transitionRefusal(job, to)?.message ?? null;
}

function transitionRefusal(job: Pick<BoardJob, "id" | "status" | "techId">, to: JobStatus): Refusal | null {
  const from = job.status;
  const params = { jobId: job.id, from, to: String(to) };
  if (!(JOB_STATUSES as readonly string[]).includes(to))
    return refusal("unknown_status", params, `Unknown status ${JSON.stringify(to)}.`);
  if (from === to) return null;
  if (from === "done" && to !== "assigned")
    return refusal("done_is_final", params, `Job ${job.id} is done; it can only be reopened (to assigned).`);
  if (NEEDS_TECH.includes(to) && job.techId === null)
    return refusal("needs_tech", params, `Job ${job.id} needs a technician before it can be ${to.replace("_", " ")}.`);
  if (to === "unassigned") return null;
  if ((to === "en_route" || to === "on_site" || to === "done") && !["assigned", "en_route", "on_site"].includes(from)) {
    return refusal(
      "bad_transition",
      params,
      `Job ${job.id} is ${from.replace("_", " ")}; it cannot become ${to.replace("_", " ")}.`,
    );
  }
  return null;
}

/** Statuses the UI may offer for this job (its own status excluded). */
export function allowedStatuses(job: Pick<BoardJob, "id" | "status" | "techId">): JobStatus[] {
  return JOB_STATUSES.filter((to) => to !== job.status && transitionProblem(job, to) === null);
}

export function setJobStatus(
  doc: Y.Doc,
  jobId: string,
  status: JobStatus,
  userId: string,
  origin: unknown = userId,
): OpResult {
  const loaded = loadJob(doc, jobId);
  if (!("map" in loaded)) return refuse(loaded);
  const problem = checkUser(userId) ?? transitionRefusal(loaded.job, status);
  if (problem) return refuse(problem);
  const patch: Partial<BoardJob> =
    status === "unassigned" ? { status, techId: null, start: null, locked: false } : { status };
  return apply(doc, loaded, patch, userId, origin);
}
