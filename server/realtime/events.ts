/**
 * The /realtime (Socket.IO) contract: event names, rooms and payloads. Clients: the dispatch
 * console (map), the technician view (position sharing), load tests and the GPS benchmark.
 */
import { z } from "zod";
import type { FeedStatus, TechnicianPositionEvent } from "../../lib/schemas/gps";

export const REALTIME_PATH = "/realtime";

export const boardRoom = (date: string) => `board:${date}`;
export const technicianRoom = (technicianId: number) => `tech:${technicianId}`;
/** Agents on one ticket page (presence and "someone is replying"); joined only with `tickets.read`. */
export const ticketRoom = (ticketId: number) => `ticket:${ticketId}`;

export const subscribeBoardInput = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date must be YYYY-MM-DD"),
});
export const subscribeTechnicianInput = z.object({ technicianId: z.number().int().positive() });
/** A technician's browser position (navigator.geolocation), shared while on shift. */
export const sharePositionInput = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  /** Epoch milliseconds of the fix (GeolocationPosition.timestamp). */
  timestamp: z.number().int().positive(),
  accuracy: z.number().min(0).nullable().optional(),
  heading: z.number().min(0).max(360).nullable().optional(),
  /** m/s, as the Geolocation API gives it. */
  speed: z.number().min(0).nullable().optional(),
});

const ticketId = z.number().int().positive().max(2_147_483_647);
export const ticketJoinInput = z.object({ ticketId });
/** The sender's own state on a ticket they joined; who they are comes from the socket's session. */
export const ticketReplyingInput = z.object({ ticketId, replying: z.boolean() });

/** One agent on a ticket page: stamped by the server from the session, never from a payload. */
export interface TicketViewer {
  userId: string;
  name: string;
  /** Writing a public reply or a note right now (a non-empty composer with focus). */
  replying: boolean;
}
export interface TicketPresenceEvent {
  ticketId: number;
  viewers: TicketViewer[];
}

/**
 * Why the server refused: a message key under `errors` (messages/errors/{fr,en}.json) with its
 * parameters, which the browser translates. `error` beside it stays an English sentence for logs
 * and for clients that predate the key.
 */
export interface SocketRefusal {
  key: string;
  params?: Record<string, string | number>;
}

export type Ack<T> = { ok: true; data: T } | ({ ok: false; error: string } & Partial<SocketRefusal>);

/**
 * What a refused handshake carries as `connect_error`'s `error.data`: `denied` means signing in
 * again (or another role) is needed, so retrying the same credentials is pointless.
 */
export interface HandshakeRefusal extends SocketRefusal {
  denied: true;
}

export interface ServerToClientEvents {
  /**
   * Technicians' newest positions, one per technician, at most one frame per board day per flush:
   * a position superseded before it was sent is not sent (latest wins, position-fanout.ts).
   */
  positions: (events: TechnicianPositionEvent[]) => void;
  "feed:status": (status: FeedStatus) => void;
  /** Everyone on the ticket page now, sent to the ticket's room whenever someone joins, leaves or starts or stops replying. */
  "ticket:presence": (event: TicketPresenceEvent) => void;
}

export interface ClientToServerEvents {
  /** Joins the day's room; the ack carries every technician's latest position (the backfill). */
  "subscribe:board": (
    input: z.input<typeof subscribeBoardInput>,
    ack: (result: Ack<{ positions: TechnicianPositionEvent[] }>) => void,
  ) => void;
  "subscribe:technician": (
    input: z.input<typeof subscribeTechnicianInput>,
    ack: (result: Ack<{ position: TechnicianPositionEvent | null }>) => void,
  ) => void;
  "position:share": (
    input: z.input<typeof sharePositionInput>,
    ack: (result: Ack<{ stored: boolean }>) => void,
  ) => void;
  /** Joins the ticket's room; the ack carries who is there. Needs `tickets.read` and a ticket that exists. */
  "ticket:join": (input: z.input<typeof ticketJoinInput>, ack: (result: Ack<TicketPresenceEvent>) => void) => void;
  "ticket:leave": (input: z.input<typeof ticketJoinInput>, ack: (result: Ack<{ left: boolean }>) => void) => void;
  "ticket:replying": (
    input: z.input<typeof ticketReplyingInput>,
    ack: (result: Ack<{ replying: boolean }>) => void,
  ) => void;
}

/** Between instances (through the Redis adapter): changes the other instances' boards must pick up. */
export interface InterServerEvents {
  "job-changed": (event: { jobId: number }) => void;
  "job-patched": (event: {
    jobId: number;
    date: string;
    fields: { status?: string; updatedBy?: string; confirmation?: "confirmed" | "reschedule_requested" | null };
  }) => void;
  /** A staff user's session ended (sign-out): every instance re-checks its open sockets at once. */
  "staff-access-revoked": (event: { userId: string }) => void;
}
