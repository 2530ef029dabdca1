/**
 * The arrival time a customer is told. Only what we can stand behind: an estimate from a
 * fresh position, else the planned start if it is still ahead, else nothing (a planned 9:00
 * shown at 9:40 would be false).
 */
import { estimateArrivals } from "../gps/eta";
import { isStale } from "../gps/fix";
import type { LatLng } from "../gps/geo";
import type { JobStatus } from "../board/types";

export interface Fix extends LatLng {
  fixTime: Date;
}

export interface CustomerEta {
  /** ISO time. */
  at: string;
  /** "position": estimated from the technician's live position; "plan": the planned start. */
  basis: "position" | "plan";
}

export interface EtaFacts {
  status: JobStatus;
  position: Fix | null;
  destination: LatLng;
  plannedStart: Date | null;
  now: Date;
}

/** Estimates are good to a few minutes: announcing 14:03 would claim more. Rounded up, as arriving early is the better surprise. */
export const ETA_STEP_MS = 5 * 60_000;

function roundUp(ms: number): number {
  return Math.ceil(ms / ETA_STEP_MS) * ETA_STEP_MS;
}

export function customerEta({ status, position, destination, plannedStart, now }: EtaFacts): CustomerEta | null {
  if (status !== "en_route" && status !== "assigned" && status !== "unassigned") return null;
  if (status === "en_route" && position && !isStale(position.fixTime, now)) {
    const [estimate] = estimateArrivals(position, now, [{ jobId: "job", ...destination, durationMin: 0 }]);
    if (estimate) return { at: new Date(roundUp(Date.parse(estimate.arrival))).toISOString(), basis: "position" };
  }
  if (plannedStart && plannedStart.getTime() >= now.getTime()) return { at: plannedStart.toISOString(), basis: "plan" };
  return null;
}
