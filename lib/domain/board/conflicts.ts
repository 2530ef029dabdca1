/**
 * Conflict detection over a plain snapshot: pure, so the server's reconciler, the UI (for instant
 * feedback before the server answers) and tests all agree. Jobs done or cancelled are history
 * and never conflict. Output is deterministic (sorted) so that writing it to the document twice
 * from the same board produces no op the second time.
 */
import type { BoardConflict, BoardJob, BoardSnapshot, ConflictKind } from "./types";
import { jobInterval, parseInstant } from "./time";
import { byCodeUnits } from "./code-unit-order";

const KIND_ORDER: readonly ConflictKind[] = [
  "unknown_technician",
  "skill_mismatch",
  "outside_shift",
  "outside_window",
  "overlap",
];

const isActive = (job: BoardJob): boolean => job.status !== "done" && job.status !== "cancelled";

/** Half-open intervals: a job ending at 10:00 and one starting at 10:00 do not overlap. */
export function intervalsOverlap(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/** True when [start, end) leaves the [from, to] bounds; a null bound is open on that side. */
function outside(interval: { start: number; end: number }, from: number | null, to: number | null): boolean {
  return (from !== null && interval.start < from) || (to !== null && interval.end > to);
}

export function detectConflicts(snapshot: BoardSnapshot): Record<string, BoardConflict[]> {
  const found = new Map<string, BoardConflict[]>();
  const add = (jobId: string, conflict: BoardConflict) => {
    const list = found.get(jobId);
    if (list) list.push(conflict);
    else found.set(jobId, [conflict]);
  };
  const byTech = new Map<string, Array<{ id: string; start: number; end: number }>>();

  for (const job of Object.values(snapshot.jobs)) {
    if (!isActive(job)) continue;
    const interval = jobInterval(job);
    if (interval && outside(interval, parseInstant(job.windowStart), parseInstant(job.windowEnd)))
      add(job.id, { kind: "outside_window" });
    if (job.techId === null) continue;

    const tech = snapshot.techs[job.techId];
    if (!tech) {
      add(job.id, { kind: "unknown_technician" });
    } else {
      const missing = [...new Set(job.skills.filter((s) => !tech.skills.includes(s)))].sort(byCodeUnits);
      if (missing.length > 0) add(job.id, { kind: "skill_mismatch", missingSkills: missing });
      // An unreadable shift bound means "unknown", which is not evidence of a conflict.
      if (interval && outside(interval, parseInstant(tech.shiftStart), parseInstant(tech.shiftEnd)))
        add(job.id, { kind: "outside_shift" });
    }
    if (interval) {
      const row = byTech.get(job.techId) ?? [];
      row.push({ id: job.id, ...interval });
      byTech.set(job.techId, row);
    }
  }

  for (const row of byTech.values()) {
    row.sort((a, b) => a.start - b.start || byCodeUnits(a.id, b.id));
    for (let i = 0; i < row.length; i++) {
      const a = row[i]!;
      // Sorted by start: once a later job starts at or after a's end, no later one can overlap a.
      for (let j = i + 1; j < row.length && row[j]!.start < a.end; j++) {
        const b = row[j]!;
        if (!intervalsOverlap(a, b)) continue;
        add(a.id, { kind: "overlap", otherJobId: b.id });
        add(b.id, { kind: "overlap", otherJobId: a.id });
      }
    }
  }

  const result: Record<string, BoardConflict[]> = {};
  for (const id of [...found.keys()].sort(byCodeUnits)) {
    result[id] = found
      .get(id)!
      .sort(
        (a, b) =>
          KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
          byCodeUnits(a.otherJobId ?? "", b.otherJobId ?? ""),
      );
  }
  return result;
}
