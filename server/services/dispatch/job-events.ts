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

const emitter = processEmitter("dispatch-job-events", 50);

export const dispatchJobEvents = {
  jobChanged(event: JobChangedEvent): void {
    emitter.emit("job-changed", event);
  },
  onJobChanged(listener: (event: JobChangedEvent) => void): () => void {
    emitter.on("job-changed", listener);
    return () => emitter.off("job-changed", listener);
  },
};
