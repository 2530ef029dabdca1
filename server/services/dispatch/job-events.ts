import { EventEmitter } from "node:events";

/**
 * "A dispatch job changed outside the board" (tRPC, tickets, the technician view), so the
 * live board of that day can pick it up. In-process for now; with several instances the
 * event must also cross them (PostgreSQL NOTIFY or Redis, issue 4).
 */
export interface JobChangedEvent { jobId: number }

const emitter = new EventEmitter();
emitter.setMaxListeners(50);

export const dispatchJobEvents = {
  jobChanged(event: JobChangedEvent): void {
    emitter.emit("job-changed", event);
  },
  onJobChanged(listener: (event: JobChangedEvent) => void): () => void {
    emitter.on("job-changed", listener);
    return () => emitter.off("job-changed", listener);
  },
};
