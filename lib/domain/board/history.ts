/**
 * What changed on a board between two moments, job by job: the words of the history page
 * ("Gilles moved Réparation — Dubé from Mark to Valérie, 10:42") and of the diff between two
 * instants. Pure: the service rebuilds the two boards, this compares them.
 */
import type { BoardJob, BoardSnapshot, JobStatus } from "./types";
import { sameValue } from "./doc";

/** The fields a dispatcher reads as an edit; `updatedBy` is bookkeeping, not a change. */
const COMPARED_FIELDS = [
  "techId",
  "start",
  "status",
  "title",
  "priority",
  "durationMin",
  "windowStart",
  "windowEnd",
  "address",
  "lat",
  "lng",
  "skills",
  "locked",
  "confirmation",
] as const satisfies readonly (keyof BoardJob)[];

export type ComparedField = (typeof COMPARED_FIELDS)[number];

/**
 * The headline of a job's change, by what matters most to a dispatcher: a job added or
 * removed, moved to another technician, given another time, its status, else any other edit.
 */
export type JobChangeKind = "added" | "removed" | "moved" | "rescheduled" | "status" | "edited";

/** Where a job stood: its technician (id and name when the board knows them), start and status. */
export interface JobPlacement {
  techId: string | null;
  techName: string | null;
  start: string | null;
  status: JobStatus;
}

export interface JobChange {
  jobId: string;
  title: string;
  kind: JobChangeKind;
  /** Every compared field that differs (all of them for an added or removed job). */
  fields: ComparedField[];
  before: JobPlacement | null;
  after: JobPlacement | null;
}

function placement(board: BoardSnapshot, job: BoardJob): JobPlacement {
  return {
    techId: job.techId,
    techName: job.techId ? (board.techs[job.techId]?.name ?? null) : null,
    start: job.start,
    status: job.status,
  };
}

/** The change of one job between two boards, or null when it is the same (or absent from both). */
export function jobChange(before: BoardSnapshot, after: BoardSnapshot, jobId: string): JobChange | null {
  const was = before.jobs[jobId];
  const is = after.jobs[jobId];
  if (!was && !is) return null;
  if (!was)
    return {
      jobId,
      title: is!.title,
      kind: "added",
      fields: [...COMPARED_FIELDS],
      before: null,
      after: placement(after, is!),
    };
  if (!is)
    return {
      jobId,
      title: was.title,
      kind: "removed",
      fields: [...COMPARED_FIELDS],
      before: placement(before, was),
      after: null,
    };
  const fields = COMPARED_FIELDS.filter((field) => !sameValue(was[field], is[field]));
  if (fields.length === 0) return null;
  const kind: JobChangeKind = fields.includes("techId")
    ? "moved"
    : fields.includes("start")
      ? "rescheduled"
      : fields.includes("status")
        ? "status"
        : "edited";
  return { jobId, title: is.title, kind, fields, before: placement(before, was), after: placement(after, is) };
}

/** Every job that differs between two boards, in job id order (stable for a page and a test). */
export function diffBoards(before: BoardSnapshot, after: BoardSnapshot): JobChange[] {
  const ids = [...new Set([...Object.keys(before.jobs), ...Object.keys(after.jobs)])].sort();
  return ids.flatMap((id) => {
    const change = jobChange(before, after, id);
    return change ? [change] : [];
  });
}
