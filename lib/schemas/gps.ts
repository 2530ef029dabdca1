/**
 * Technicians' positions and the Traccar feed's state, as the map sees them: the payloads of
 * the realtime contract (server/realtime/events.ts) and of the map's HTTP backfill.
 */

/** A technician's latest position changed (a newer fix was stored). Realtime fans it out. */
export interface TechnicianPositionEvent {
  technicianId: number;
  deviceId: number;
  source: "osmand" | "traccar" | "browser";
  lat: number;
  lng: number;
  fixTime: string;
  speedKmh: number | null;
  heading: number | null;
  accuracyM: number | null;
}

export type FeedState = "connecting" | "connected" | "degraded" | "stopped";

export interface FeedStatus {
  state: FeedState;
  lastError: string | null;
  degradedSince: string | null;
  lastFixAt: string | null;
  fixesStored: number;
  fixesRejected: number;
}
