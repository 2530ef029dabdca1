import { createDispatchJobEvents, type DispatchJobEvents } from "./dispatch/job-events";
import { createGpsEvents, type GpsEvents } from "./gps/gps-events";
import { createFeedStatusCell, type FeedStatusCell } from "./gps/feed-status";
import { EventEmitter } from "node:events";
import { eventChannel } from "./event-channel";
import { createBoardDocumentsCell, type BoardDocumentsCell } from "./dispatch/board-documents";

/**
 * "A staff user's access may have ended" (a session deleted at sign-out; a deactivation): the
 * /collab and /realtime servers re-check their open sockets at once instead of at their next
 * interval. With several instances, server/scale forwards it to the others through Redis.
 */
export interface StaffAccessRevokedEvent {
  userId: string;
  /** Forwarded from another instance (server/scale): not to be forwarded again. */
  remote?: boolean;
}
export interface StaffAccessEvents {
  revoked(event: StaffAccessRevokedEvent): void;
  onRevoked(listener: (event: StaffAccessRevokedEvent) => void): () => void;
}

function createStaffAccessEvents(): StaffAccessEvents {
  const channel = eventChannel<StaffAccessRevokedEvent>(new EventEmitter(), "revoked");
  return { revoked: channel.emit, onRevoked: channel.on };
}

/**
 * What one part of the process tells the others: a job changed outside the board (the board and
 * the Redis forwarder listen), a technician's position changed (realtime listens), the Traccar
 * feed's status, a staff user's access ended (collab and realtime close their sockets). Built once per process by the composition root (server/runtime.ts), which both
 * module graphs (Next's and server/main.ts's) share, so an event emitted by route code reaches
 * the listeners of server/main.ts.
 */
export interface ProcessEvents {
  dispatchJobs: DispatchJobEvents;
  gps: GpsEvents;
  traccarFeed: FeedStatusCell;
  staffAccess: StaffAccessEvents;
  /** The live board documents, provided by the collab server of this process (plan proposals). */
  boards: BoardDocumentsCell;
}

export function createProcessEvents(): ProcessEvents {
  return {
    dispatchJobs: createDispatchJobEvents(),
    gps: createGpsEvents(),
    traccarFeed: createFeedStatusCell(),
    staffAccess: createStaffAccessEvents(),
    boards: createBoardDocumentsCell(),
  };
}
