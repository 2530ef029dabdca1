import { EventEmitter } from "node:events";
import { eventChannel } from "../event-channel";

/**
 * "A dispatch job changed outside the board" (tRPC, tickets, the technician view), so the
 * live board of that day can pick it up. With several instances, server/scale forwards it
 * to the others through Redis.
 */
export interface JobChangedEvent {
  jobId: number;
  /** Forwarded from another instance (server/scale): not to be forwarded again. */
  remote?: boolean;
}

/**
 * "These fields of a job changed outside the board" (the technician's status, the customer's
 * answer to the visit), applied to
 * the day's board as they are. Unlike job-changed, which copies the whole row from the
 * tables, a patch cannot undo a dispatcher's move the tables have not caught up with yet.
 */
export interface JobPatchedEvent {
  jobId: number;
  /** The board day (YYYY-MM-DD) the job is on. */
  date: string;
  /** confirmation: the customer's answer to the visit (visit_responses), null when there is none. */
  fields: { status?: string; updatedBy?: string; confirmation?: "confirmed" | "reschedule_requested" | null };
  remote?: boolean;
}

export interface DispatchJobEvents {
  jobChanged(event: JobChangedEvent): void;
  onJobChanged(listener: (event: JobChangedEvent) => void): () => void;
  jobPatched(event: JobPatchedEvent): void;
  onJobPatched(listener: (event: JobPatchedEvent) => void): () => void;
}

export function createDispatchJobEvents(): DispatchJobEvents {
  // One listener per open board day, plus the Redis forwarder.
  const emitter = new EventEmitter().setMaxListeners(50);
  const changed = eventChannel<JobChangedEvent>(emitter, "job-changed");
  const patched = eventChannel<JobPatchedEvent>(emitter, "job-patched");
  return { jobChanged: changed.emit, onJobChanged: changed.on, jobPatched: patched.emit, onJobPatched: patched.on };
}
