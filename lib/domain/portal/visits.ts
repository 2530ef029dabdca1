/**
 * A technician's visit as the customer sees it: its status in their words, when to expect the
 * technician, and what they may still answer (confirm, ask to reschedule). Pure: now comes in.
 */
import type { JobStatus } from "../board/types";

export type VisitStatus = "planned" | "en_route" | "on_site" | "done" | "cancelled";
export type VisitResponse = "confirmed" | "reschedule_requested";

export interface VisitFacts {
  status: JobStatus;
  windowStart: Date | null;
  windowEnd: Date | null;
  scheduledStart: Date | null;
  durationMin: number;
}

/** "unassigned" or "assigned" are the dispatch desk's business: to the customer both are planned. */
export function visitStatusOf(status: JobStatus): VisitStatus {
  return status === "unassigned" || status === "assigned" ? "planned" : status;
}

/** Done and cancelled visits are past; anything still open is upcoming, whatever its date. */
export const FINISHED_VISIT_STATUSES = ["done", "cancelled"] as const satisfies readonly JobStatus[];

/**
 * When to expect the technician: the promised window when there is one, else the planned start
 * and its duration; null while the visit has no time yet.
 */
export function visitWindow(v: VisitFacts): { start: Date; end: Date } | null {
  if (v.windowStart && v.windowEnd) return { start: v.windowStart, end: v.windowEnd };
  const start = v.scheduledStart ?? v.windowStart;
  if (!start) return null;
  return { start, end: v.windowEnd ?? new Date(start.getTime() + v.durationMin * 60_000) };
}

/**
 * What the customer may still answer. Both need a visit not yet started (planned, and its time
 * still ahead); confirming also needs a time to confirm. Once the technician is on the way the
 * visit is the technician's, and a reschedule goes through a phone call.
 */
export function allowedResponses(v: VisitFacts, now: Date): { confirm: boolean; reschedule: boolean } {
  if (v.status !== "unassigned" && v.status !== "assigned") return { confirm: false, reschedule: false };
  const window = visitWindow(v);
  if (!window) return { confirm: false, reschedule: true };
  const ahead = window.start.getTime() > now.getTime();
  return { confirm: ahead, reschedule: ahead };
}
