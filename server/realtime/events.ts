/**
 * The /realtime (Socket.IO) contract: event names, rooms and payloads. Clients: the dispatch
 * console (map), the technician view (position sharing), load tests and the GPS benchmark.
 */
import { z } from "zod";
import type { FeedStatus, TechnicianPositionEvent } from "../../lib/schemas/gps";

export const REALTIME_PATH = "/realtime";

export const boardRoom = (date: string) => `board:${date}`;
export const technicianRoom = (technicianId: number) => `tech:${technicianId}`;

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
  position: (event: TechnicianPositionEvent) => void;
  "feed:status": (status: FeedStatus) => void;
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
}

/** Between instances (through the Redis adapter): changes the other instances' boards must pick up. */
export interface InterServerEvents {
  "job-changed": (event: { jobId: number }) => void;
  "job-patched": (event: { jobId: number; date: string; fields: { status?: string; updatedBy?: string } }) => void;
  /** A staff user's session ended (sign-out): every instance re-checks its open sockets at once. */
  "staff-access-revoked": (event: { userId: string }) => void;
}
