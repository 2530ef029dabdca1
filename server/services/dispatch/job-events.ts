import { EventEmitter } from "node:events";

/**
 * "A dispatch job changed outside the board" (tRPC, tickets, the technician view), so the
 * live board of that day can pick it up. In-process for now; with several instances the
 * event must also cross them (PostgreSQL NOTIFY or Redis, issue 4).
 */
export interface JobChangedEvent {
  jobId: number;
  /** Forwarded from another instance (server/scale): not to be forwarded again. */
  remote?: boolean;
}

// On globalThis: Next bundles route code (where tRPC creates jobs) apart from server/main.ts
// (where the board listens), and two module copies would mean two emitters that never meet.
const EMITTER_KEY = Symbol.for("fibre-ops.dispatch-job-events");
const holder = globalThis as { [EMITTER_KEY]?: EventEmitter };
const emitter = (holder[EMITTER_KEY] ??= new EventEmitter().setMaxListeners(50));

export const dispatchJobEvents = {
  jobChanged(event: JobChangedEvent): void {
    emitter.emit("job-changed", event);
  },
  onJobChanged(listener: (event: JobChangedEvent) => void): () => void {
    emitter.on("job-changed", listener);
    return () => emitter.off("job-changed", listener);
  },
};
