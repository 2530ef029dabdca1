import type { BoardJob, BoardSnapshot } from "@/lib/domain/board/types";
import { localMinutesOf } from "./board-time";

export interface QueueFilter {
  text: string;
  skill: string;
  /** "" for any, else "1".."5". */
  priority: string;
  /** "HH:MM" local, "" when unset: the job's window must start at or after / at or before it. */
  windowAfter: string;
  windowBefore: string;
}

export const EMPTY_FILTER: QueueFilter = { text: "", skill: "", priority: "", windowAfter: "", windowBefore: "" };

/**
 * The queue holds every job without a place on a row: no technician, no time, or a technician
 * missing from the board (it would otherwise vanish from view).
 */
export function queueJobs(snapshot: BoardSnapshot): BoardJob[] {
  const rank = (job: BoardJob) => (job.status === "cancelled" || job.status === "done" ? 1 : 0);
  return Object.values(snapshot.jobs)
    .filter((job) => job.techId === null || job.start === null || !snapshot.techs[job.techId])
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        a.priority - b.priority ||
        (a.windowStart ?? "~").localeCompare(b.windowStart ?? "~") ||
        a.title.localeCompare(b.title),
    );
}

function clockMinutes(value: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export function matchesFilter(job: BoardJob, filter: QueueFilter): boolean {
  const text = filter.text.trim().toLocaleLowerCase();
  if (text && !`${job.id} ${job.title} ${job.address} ${job.skills.join(" ")}`.toLocaleLowerCase().includes(text))
    return false;
  if (filter.skill && !job.skills.includes(filter.skill)) return false;
  if (filter.priority && job.priority !== Number(filter.priority)) return false;
  const after = clockMinutes(filter.windowAfter);
  const before = clockMinutes(filter.windowBefore);
  if (after !== null || before !== null) {
    // A job with no window fits any time, but a filter on windows asks for jobs that have one.
    const start = localMinutesOf(job.windowStart);
    if (start === null) return false;
    if (after !== null && start < after) return false;
    if (before !== null && start > before) return false;
  }
  return true;
}

export function skillsOf(jobs: BoardJob[]): string[] {
  return Array.from(new Set(jobs.flatMap((job) => job.skills))).sort();
}
