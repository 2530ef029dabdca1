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
