import { processEmitter } from "../process-events";

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
 * "These fields of a job changed outside the board" (the technician's status), applied to
 * the day's board as they are. Unlike job-changed, which copies the whole row from the
 * tables, a patch cannot undo a dispatcher's move the tables have not caught up with yet.
 */
export interface JobPatchedEvent {
  jobId: number;
  /** The board day (YYYY-MM-DD) the job is on. */
  date: string;
  fields: { status?: string; updatedBy?: string };
  remote?: boolean;
}

const emitter = processEmitter("dispatch-job-events", 50);

export const dispatchJobEvents = {
  jobChanged(event: JobChangedEvent): void {
    emitter.emit("job-changed", event);
  },
  onJobChanged(listener: (event: JobChangedEvent) => void): () => void {
    emitter.on("job-changed", listener);
    return () => emitter.off("job-changed", listener);
  },
  jobPatched(event: JobPatchedEvent): void {
    emitter.emit("job-patched", event);
  },
  onJobPatched(listener: (event: JobPatchedEvent) => void): () => void {
    emitter.on("job-patched", listener);
    return () => emitter.off("job-patched", listener);
  },
};
