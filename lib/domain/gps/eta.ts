/**
 * Arrival estimates along a technician's route: from the current position through the
 * assigned jobs in order. No road network is available offline, so road distance is the
 * straight line times a detour factor, and the speed depends on the leg's length (short legs
 * are town streets, long ones reach the highway). Good to a few minutes, which is what a
 * dispatcher and a waiting customer need; a routing engine can replace `legMinutes` later.
 */
import { distanceMeters, type LatLng } from "./geo";

export interface EtaStop extends LatLng {
  jobId: string;
  durationMin: number;
  /** The customer's window opening (ISO); a technician who arrives early waits for it. */
  windowStart?: string | null;
}

export interface EtaEstimate {
  jobId: string;
  /** Expected arrival at the job (ISO). */
  arrival: string;
  /** When the work starts: the arrival, or the window opening if the technician is early. */
  start: string;
  departure: string;
  legKm: number;
  legMin: number;
}

/** Roads wind: measured on Quebec suburban trips, road distance is about 1.3 to 1.4 times the straight line. */
export const DETOUR_FACTOR = 1.35;

/** km/h by leg length: under 3 km town streets, under 15 km regional roads, beyond that highways. */
export function roadSpeedKmh(roadKm: number): number {
  if (roadKm < 3) return 30;
  if (roadKm < 15) return 50;
  return 80;
}

export function legMinutes(from: LatLng, to: LatLng): { km: number; minutes: number } {
  const km = (distanceMeters(from, to) / 1000) * DETOUR_FACTOR;
  return { km, minutes: (km / roadSpeedKmh(km)) * 60 };
}

const MINUTE_MS = 60_000;

/**
 * Estimates for the stops in order, starting at `now` from `position`. A stop that is
 * already started (on site) should be passed with its remaining duration by the caller.
 */
export function estimateArrivals(position: LatLng, now: Date, stops: EtaStop[]): EtaEstimate[] {
  if (Number.isNaN(now.getTime())) throw new RangeError("now is not a valid date");
  const estimates: EtaEstimate[] = [];
  let at = now.getTime();
  let from: LatLng = position;
  for (const stop of stops) {
    if (!Number.isFinite(stop.durationMin) || stop.durationMin < 0)
      throw new RangeError(`durationMin of job ${stop.jobId} must be a non-negative number, got ${stop.durationMin}`);
    const leg = legMinutes(from, stop);
    // Whole seconds: an estimate finer than that would claim a precision it does not have.
    const arrival = at + Math.round(leg.minutes * 60) * 1000;
    const windowOpens = stop.windowStart ? Date.parse(stop.windowStart) : Number.NaN;
    const start = Number.isNaN(windowOpens) ? arrival : Math.max(arrival, windowOpens);
    const departure = start + stop.durationMin * MINUTE_MS;
    estimates.push({
      jobId: stop.jobId,
      arrival: new Date(arrival).toISOString(),
      start: new Date(start).toISOString(),
      departure: new Date(departure).toISOString(),
      legKm: Math.round(leg.km * 10) / 10,
      legMin: Math.round(leg.minutes),
    });
    at = departure;
    from = stop;
  }
  return estimates;
}
