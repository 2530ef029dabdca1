import { channel } from "node:diagnostics_channel";
import { performance } from "node:perf_hooks";

/**
 * Where a board's load spends its time, phase by phase, published on a diagnostics channel so
 * a benchmark (bench collab with BENCH_COLLAB_TRACE=1) can print it. With no subscriber, a
 * trace costs one clock read per phase and publishes nothing.
 */
export const BOARD_LOAD_CHANNEL = "fibre-ops:board-load";

export interface BoardLoadTrace {
  documentName: string;
  /** Milliseconds per phase, in the order they ran. */
  phases: Array<[phase: string, ms: number]>;
  /** The stored state read: snapshot bytes and log rows. */
  snapshotBytes: number;
  logRows: number;
  /** When the first sync answered from the store was written out to the socket, since the load's start. */
  firstSyncWrittenMs?: number;
}

const loads = channel(BOARD_LOAD_CHANNEL);

export function startLoadTrace(documentName: string) {
  const started = performance.now();
  let last = started;
  const trace: BoardLoadTrace = { documentName, phases: [], snapshotBytes: 0, logRows: 0 };
  return {
    trace,
    /** Ends the phase running since the previous mark (or the start). */
    mark(phase: string) {
      const now = performance.now();
      trace.phases.push([phase, now - last]);
      last = now;
    },
    /** Milliseconds since the load started. */
    sinceStart: () => performance.now() - started,
    publish() {
      if (loads.hasSubscribers) loads.publish(trace);
    },
  };
}
