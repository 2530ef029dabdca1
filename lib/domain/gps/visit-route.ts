/**
 * A visit's drive, read from the job's status history and the technician's fixes: when the leg
 * began (en route), when the technician arrived, when the visit ended, and how far they drove.
 */
import { distanceMeters, type LatLng } from "./geo";

export type VisitStatus = "unassigned" | "assigned" | "en_route" | "on_site" | "done" | "cancelled";

export interface StatusChange {
  at: Date;
  to: VisitStatus | null;
}

export interface VisitLeg {
  enRouteAt: Date;
  /** First arrival on site after leaving, or null. */
  arrivedAt: Date | null;
  /** Done, cancelled, or sent back to the plan (assigned/unassigned); null while under way. */
  endedAt: Date | null;
}

/**
 * The job's latest visit. A visit opens when the job goes en route and closes when it leaves the
 * en route / on site pair (done, cancelled, or put back in the plan by a dispatcher); going en
 * route again after that starts a new visit, and the latest one is the record's. Going back from
 * on site to en route (a trip to the van's stock) stays inside the same visit. Changes are read
 * oldest first; null when the job never went en route.
 */
export function visitLeg(history: readonly StatusChange[]): VisitLeg | null {
  let leg: VisitLeg | null = null;
  for (const change of history) {
    const open = leg !== null && leg.endedAt === null;
    if (change.to === "en_route") {
      if (!open) leg = { enRouteAt: change.at, arrivedAt: null, endedAt: null };
    } else if (change.to === "on_site") {
      if (open && leg!.arrivedAt === null) leg!.arrivedAt = change.at;
    } else if (change.to !== null && open) {
      leg!.endedAt = change.at;
    }
  }
  return leg;
}

/** Milliseconds spent driving: from en route to arrival, else to the visit's end, else to `now`. */
export function enRouteMs(leg: VisitLeg, now: Date): number {
  const until = leg.arrivedAt ?? leg.endedAt ?? now;
  return Math.max(0, until.getTime() - leg.enRouteAt.getTime());
}

/**
 * Metres driven along the fixes, in their order. A parked phone's fixes wander a few metres
 * around the truth; summing them would add kilometres to a long stop. So a step counts only once
 * the track has moved `minStepM` from the last point counted, and then counts in full.
 */
export function travelledMeters(points: readonly LatLng[], minStepM = 0): number {
  if (points.length < 2) return 0;
  let anchor = points[0]!;
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const step = distanceMeters(anchor, points[i]!);
    if (step >= minStepM && step > 0) {
      total += step;
      anchor = points[i]!;
    }
  }
  return total;
}
