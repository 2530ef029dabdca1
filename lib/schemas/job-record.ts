/**
 * A job's full record as the office reads it (/office/jobs/<id>, server/services/jobs/job-record):
 * what was planned, what the technician did (checklist, materials, equipment, photos, signature,
 * completion summary), how its status moved and who moved it, and the messages sent about it.
 */
import type { InstallCheckView } from "./network";
export type JobRecordStatus = "unassigned" | "assigned" | "en_route" | "on_site" | "done" | "cancelled";

export interface JobRecord {
  job: {
    id: number;
    title: string;
    kind: string;
    status: JobRecordStatus;
    priority: number;
    notes: string | null;
    windowStart: string | null;
    windowEnd: string | null;
    scheduledStart: string | null;
    durationMin: number;
    createdAt: string;
    completedAt: string | null;
    completionSummary: string | null;
  };
  customer: { id: number; name: string } | null;
  ticket: { id: number; subject: string; status: string } | null;
  location: { address: string; city: string; accessNotes: string | null };
  technician: { id: number; name: string } | null;
  helpers: Array<{ id: number; name: string }>;
  /** The job's planned day (Quebec), when it has one: its board is /dispatch?date=<day>. */
  boardDate: string | null;
  /** Oldest first: the creation, then every status change, with who made it (null: the system). */
  history: Array<{
    at: string;
    action: string;
    who: string | null;
    from: JobRecordStatus | null;
    to: JobRecordStatus | null;
  }>;
  checklist: Array<{
    id: number;
    label: string;
    required: boolean;
    done: boolean;
    doneAt: string | null;
    doneBy: string | null;
  }>;
  materials: Array<{ id: number; sku: string; nameFr: string; nameEn: string; quantity: number }>;
  equipment: Array<{
    id: number;
    kind: string;
    serial: string;
    mac: string | null;
    model: string | null;
    action: "installed" | "removed";
    at: string;
  }>;
  /** The network's check of each device installed on this job (newest per device). */
  installChecks: InstallCheckView[];
  photos: Array<{ id: number; url: string; caption: string | null; takenAt: string; uploadedBy: string | null }>;
  signature: { name: string; signedAt: string | null; url: string } | null;
  /** The technician's drive for the latest visit, drawn on the record's map. */
  route: JobRoute;
  /** Messages sent about this job (the "on my way" SMS), with their latest delivery state. */
  messages: Array<{
    id: number;
    template: string;
    channel: string;
    recipient: string;
    status: string;
    sentAt: string | null;
    updatedAt: string;
  }>;
}

/** Why a record's map has no line. */
export type JobRouteEmptyReason = "never_en_route" | "no_technician" | "no_device" | "no_fixes" | "expired";

export interface RouteFix {
  lat: number;
  lng: number;
  at: string;
}

/**
 * The lead technician's fixes from the job's latest "en route" until the visit ended (done,
 * cancelled, or put back in the plan), or until the last fix while it is under way.
 */
export interface JobRoute {
  /** The service location (the job's pin). */
  destination: { lat: number; lng: number };
  /** From the status history; null when the job never went en route. */
  leg: {
    enRouteAt: string;
    arrivedAt: string | null;
    endedAt: string | null;
    /** From en route to arrival on site (or to the end, or to now while still driving). */
    enRouteSeconds: number;
    /** The visit is not over: the line stops at the last fix received. */
    underWay: boolean;
  } | null;
  /** Thinned for drawing, in time order, [lng, lat] (GeoJSON order); at most ROUTE_MAX_POINTS. */
  line: Array<[number, number]>;
  /** The first and last fixes of the visit (kept by the thinning). */
  start: RouteFix | null;
  end: RouteFix | null;
  /** Fixes received during the visit, before thinning, and the distance along all of them. */
  fixCount: number;
  distanceM: number;
  /** More fixes than one page reads: the line and the distance cover the first ROUTE_MAX_FIXES. */
  truncated: boolean;
  empty: JobRouteEmptyReason | null;
}

/** One line of a customer's jobs (the customer's page). */
export interface CustomerJob {
  id: number;
  title: string;
  kind: string;
  status: JobRecordStatus;
  /** The planned start, else the window's start, else when it was created. */
  plannedAt: string;
  completedAt: string | null;
}
