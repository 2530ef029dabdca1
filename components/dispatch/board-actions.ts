import { getMaps } from "@/lib/domain/board/doc";
import {
  assignJob,
  moveJob,
  resizeJob,
  setJobLocked,
  setJobStatus,
  unassignJob,
  addMinutes,
} from "@/lib/domain/board/operations";
import type { BoardSnapshot, JobStatus } from "@/lib/domain/board/types";
import type { BoardOp, OpResult } from "./use-board";

/**
 * The board's gestures as operations for `run`. Each passes the local origin so that the
 * UndoManager (trackedOrigins = that origin) records it; other users' edits are never undone.
 */
/** A drop on a row: a time change on the same row, an assignment otherwise (read from the live doc). */
export const place =
  (jobId: string, techId: string, start: string): BoardOp =>
  (doc, userId, origin) =>
    getMaps(doc).jobs.get(jobId)?.get("techId") === techId
      ? moveJob(doc, jobId, start, userId, origin)
      : assignJob(doc, jobId, techId, start, userId, origin);

export const unassign =
  (jobId: string): BoardOp =>
  (doc, userId, origin) =>
    unassignJob(doc, jobId, userId, origin);
export const resize =
  (jobId: string, durationMin: number): BoardOp =>
  (doc, userId, origin) =>
    resizeJob(doc, jobId, durationMin, userId, origin);
/** Pins a job to its technician and start, or releases it: the optimizer then leaves it alone. */
export const lock =
  (jobId: string, locked: boolean): BoardOp =>
  (doc, userId, origin) =>
    setJobLocked(doc, jobId, locked, userId, origin);
export const changeStatus =
  (jobId: string, status: JobStatus): BoardOp =>
  (doc, userId, origin) =>
    setJobStatus(doc, jobId, status, userId, origin);

/** Techs in display order: by name, so every dispatcher sees the same rows. */
export function orderedTechs(snapshot: BoardSnapshot) {
  return Object.values(snapshot.techs).sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
}

/** The keyboard's operation for an arrow key on the selected job, or null when the key does nothing. */
export function nudge(snapshot: BoardSnapshot, jobId: string, key: string): BoardOp | null {
  const job = snapshot.jobs[jobId];
  if (!job || job.techId === null || job.start === null) return null;
  if (key === "ArrowLeft" || key === "ArrowRight") {
    return place(jobId, job.techId, addMinutes(job.start, key === "ArrowLeft" ? -15 : 15));
  }
  if (key === "ArrowUp" || key === "ArrowDown") {
    const techs = orderedTechs(snapshot);
    const index = techs.findIndex((tech) => tech.id === job.techId);
    const target = index === -1 ? undefined : techs[index + (key === "ArrowUp" ? -1 : 1)];
    return target ? place(jobId, target.id, job.start) : null;
  }
  return null;
}

export type { OpResult };
