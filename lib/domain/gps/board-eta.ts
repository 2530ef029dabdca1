/**
 * A technician's route on the board and the arrival estimates along it. The route is what the
 * technician still has to do today: the job being driven to first (en route), then the other
 * assigned jobs by planned start; a job on site is where the route begins.
 */
import type { BoardJob, BoardSnapshot } from "../board/types";
import { estimateArrivals, type EtaStop } from "./eta";
import { isStale } from "./fix";
import type { LatLng } from "./geo";

export interface TechnicianFix extends LatLng {
  fixTime: string;
}

export interface JobEta {
  jobId: string;
  techId: string;
  /** Expected arrival (ISO). */
  arrival: string;
  /** The arrival falls after the customer's window closes. */
  late: boolean;
  legKm: number;
  legMin: number;
}

const MINUTE_MS = 60_000;
const OPEN_STATUSES = new Set<BoardJob["status"]>(["on_site", "en_route", "assigned"]);
const STATUS_ORDER: Record<string, number> = { on_site: 0, en_route: 1, assigned: 2 };

const startMs = (job: BoardJob) => (job.start ? Date.parse(job.start) : Number.POSITIVE_INFINITY);

/** The technician's remaining jobs in the order they will be done. */
export function remainingRoute(jobs: Record<string, BoardJob>, techId: string): BoardJob[] {
  return Object.values(jobs)
    .filter((job) => job.techId === techId && OPEN_STATUSES.has(job.status))
    .sort(
      (a, b) =>
        STATUS_ORDER[a.status]! - STATUS_ORDER[b.status]! || startMs(a) - startMs(b) || a.id.localeCompare(b.id),
    );
}

/**
 * Arrival estimates for every job still ahead of a technician whose position is fresh. A stale
 * position says nothing about where the technician is now, so those jobs get no estimate
 * (the board then shows the plan alone). Jobs on site get none: the technician is there.
 */
export function boardEtas(
  snapshot: Pick<BoardSnapshot, "jobs">,
  positions: Record<string, TechnicianFix>,
  now: Date,
): Record<string, JobEta> {
  const byTech = new Map<string, BoardJob[]>();
  for (const job of Object.values(snapshot.jobs)) {
    if (job.techId && positions[job.techId] && !byTech.has(job.techId))
      byTech.set(job.techId, remainingRoute(snapshot.jobs, job.techId));
  }
  const result: Record<string, JobEta> = {};
  for (const [techId, route] of byTech) {
    const position = positions[techId]!;
    if (isStale(new Date(position.fixTime), now) || route.length === 0) continue;
    const stops: EtaStop[] = route.map((job) => {
      // The job under way only has what is left of its duration before the technician moves on.
      const remaining =
        job.status === "on_site" && job.start
          ? Math.max(0, (Date.parse(job.start) + job.durationMin * MINUTE_MS - now.getTime()) / MINUTE_MS)
          : job.durationMin;
      return { jobId: job.id, lat: job.lat, lng: job.lng, durationMin: remaining, windowStart: job.windowStart };
    });
    const estimates = estimateArrivals(position, now, stops);
    route.forEach((job, index) => {
      if (job.status === "on_site") return;
      const estimate = estimates[index]!;
      const closes = job.windowEnd ? Date.parse(job.windowEnd) : Number.NaN;
      result[job.id] = {
        jobId: job.id,
        techId,
        arrival: estimate.arrival,
        legKm: estimate.legKm,
        legMin: estimate.legMin,
        late: !Number.isNaN(closes) && Date.parse(estimate.arrival) > closes,
      };
    });
  }
  return result;
}
