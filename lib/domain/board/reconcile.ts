/**
 * Server-side repair after concurrent edits merge. Each job field is its own last-writer-wins
 * register, so two valid edits can merge into an invalid job (one dispatcher unassigns while
 * another sets en route: no technician, status en_route). A CRDT cannot enforce such cross-field
 * rules; the server applies them after the merge and every replica receives the fix.
 *
 * "A job has at most one lead technician" needs no repair: techId is a single register, so two
 * concurrent assigns converge to one technician on every replica (board.property.test.ts).
 *
 * Choice: assigned (or en route, on site) with a technician but no start is kept as is. It means
 * "on this technician's day, time not set yet", a state dispatchers use, and it is what a
 * concurrent assign + unassign can merge into; flagging or clearing it would lose the assignment.
 * Done and cancelled jobs are history and are never rewritten, even without a technician.
 */
import * as Y from "yjs";
import type { BoardJob, JobStatus } from "./types";
import { diffFields, getMaps, readJob, writeFields, type FieldMap } from "./doc";
import { DEFAULT_DURATION_MIN, isValidDuration } from "./time";
import { byCodeUnits } from "./code-unit-order";

const NEEDS_TECH: readonly JobStatus[] = ["assigned", "en_route", "on_site"];

export function clampPriority(priority: number): number {
  if (!Number.isFinite(priority)) return 3;
  return Math.min(5, Math.max(1, Math.round(priority)));
}

/** The fields to change so the job obeys the cross-field rules, or null when it already does. */
export function normalizeJob(job: BoardJob): Partial<BoardJob> | null {
  const fix: Partial<BoardJob> = {};
  const priority = clampPriority(job.priority);
  if (priority !== job.priority) fix.priority = priority;
  if (!isValidDuration(job.durationMin)) fix.durationMin = DEFAULT_DURATION_MIN;

  const final = job.status === "done" || job.status === "cancelled";
  if (!final && job.techId === null) {
    if (NEEDS_TECH.includes(job.status)) fix.status = "unassigned";
    // An unassigned job sits in the pool, not on a timeline, and a pin holds nothing there.
    if (job.start !== null) fix.start = null;
    if (job.locked) fix.locked = false;
  }
  if (job.techId !== null && job.status === "unassigned") fix.status = "assigned";
  return Object.keys(fix).length > 0 ? fix : null;
}

/**
 * The writes that make a job's map hold the job as the rules want it. Diffing the full job
 * against the stored map also replaces malformed stored values (a status of "bogus", skills as a
 * string) by the defaults they read as. Shared by the full and the incremental reconciler
 * (board-reconciler.ts), so both repair a job the same way.
 */
function repairOf(map: FieldMap, job: BoardJob): Record<string, unknown> {
  const { id: _id, ...fields } = { ...job, ...normalizeJob(job) };
  return diffFields(map, fields);
}

export interface ReconcileResult {
  changed: boolean;
  /** Jobs whose fields were rewritten (rule fixes, or malformed values replaced by defaults), in id order. */
  repairedJobIds: string[];
}

export type JobRepair = [id: string, map: FieldMap, diff: Record<string, unknown>];

/** The repairs of the given jobs, in id order: ids that are no job (deleted, or not a map) need none. */
export function repairsOf(jobs: Y.Map<FieldMap>, ids: Iterable<string>): JobRepair[] {
  const writes: JobRepair[] = [];
  for (const id of [...ids].sort(byCodeUnits)) {
    const map = jobs.get(id);
    if (!(map instanceof Y.Map)) continue;
    const diff = repairOf(map, readJob(map, id));
    if (Object.keys(diff).length > 0) writes.push([id, map, diff]);
  }
  return writes;
}

/** Writes the repairs in one transaction; none, no transaction. */
export function applyRepairs(doc: Y.Doc, writes: readonly JobRepair[], origin: unknown): ReconcileResult {
  if (writes.length === 0) return { changed: false, repairedJobIds: [] };
  doc.transact(() => {
    for (const [, map, diff] of writes) writeFields(map, diff);
  }, origin);
  return { changed: true, repairedJobIds: writes.map(([id]) => id) };
}

/**
 * Applies normalizeJob fixes to every job, in one transaction. It computes the plan first and
 * does not open a transaction when the board is already clean, so calling it from an update
 * observer reaches a fixed point instead of looping. Conflicts are not the server's to write
 * (types.ts): readers derive them with detectConflicts.
 */
export function reconcileBoard(doc: Y.Doc, origin: unknown): ReconcileResult {
  const { jobs } = getMaps(doc);
  return applyRepairs(doc, repairsOf(jobs, jobs.keys()), origin);
}
