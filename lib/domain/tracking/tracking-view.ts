/**
 * What the public tracking link shows: the technician's first name, their position while
 * they drive to the customer, the ETA and the job's progress. Nothing about the customer
 * (name, address, phone, not even the destination's coordinates): whoever holds the link
 * learns no more than the SMS already said.
 */
import type { JobStatus } from "../board/types";
import { isStale } from "../gps/fix";
import type { LatLng } from "../gps/geo";
import { customerEta, type CustomerEta, type Fix } from "./customer-eta";

/** The customer's words for the job's progress; "unassigned" or "assigned" are our business. */
export type PublicJobStatus = "planned" | "en_route" | "on_site" | "done";

export interface TrackingView {
  status: PublicJobStatus;
  technician: { firstName: string } | null;
  /** Only while the technician is on the way: before and after, where they are is not the customer's business. */
  position: { lat: number; lng: number; fixTime: string; stale: boolean } | null;
  eta: CustomerEta | null;
}

export interface TrackingFacts {
  /** An open or done job: a cancelled job's link is expired (link-state.ts) and never gets here. */
  status: Exclude<JobStatus, "cancelled">;
  technicianName: string | null;
  position: Fix | null;
  destination: LatLng;
  plannedStart: Date | null;
}

/** "Marc Gagnon" → "Marc"; "Jean-François Roy" → "Jean-François". */
export function firstNameOf(fullName: string | null): string | null {
  const first = fullName?.trim().split(/\s+/)[0];
  return first ? first : null;
}

export function publicStatusOf(status: TrackingFacts["status"]): PublicJobStatus {
  return status === "unassigned" || status === "assigned" ? "planned" : status;
}

export function trackingView(facts: TrackingFacts, now: Date): TrackingView {
  const firstName = firstNameOf(facts.technicianName);
  const position = facts.status === "en_route" ? facts.position : null;
  return {
    status: publicStatusOf(facts.status),
    technician: firstName ? { firstName } : null,
    position: position
      ? {
          lat: position.lat,
          lng: position.lng,
          fixTime: position.fixTime.toISOString(),
          stale: isStale(position.fixTime, now),
        }
      : null,
    eta: customerEta({
      status: facts.status,
      position: facts.position,
      destination: facts.destination,
      plannedStart: facts.plannedStart,
      now,
    }),
  };
}
