import { createDispatchJobEvents, type DispatchJobEvents } from "./dispatch/job-events";
import { createGpsEvents, type GpsEvents } from "./gps/gps-events";
import { createFeedStatusCell, type FeedStatusCell } from "./gps/feed-status";

/**
 * What one part of the process tells the others: a job changed outside the board (the board and
 * the Redis forwarder listen), a technician's position changed (realtime listens), the Traccar
 * feed's status. Built once per process by the composition root (server/runtime.ts), which both
 * module graphs (Next's and server/main.ts's) share, so an event emitted by route code reaches
 * the listeners of server/main.ts.
 */
export interface ProcessEvents {
  dispatchJobs: DispatchJobEvents;
  gps: GpsEvents;
  traccarFeed: FeedStatusCell;
}

export function createProcessEvents(): ProcessEvents {
  return { dispatchJobs: createDispatchJobEvents(), gps: createGpsEvents(), traccarFeed: createFeedStatusCell() };
}
