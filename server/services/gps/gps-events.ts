import { EventEmitter } from "node:events";
import { eventChannel } from "../event-channel";

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

export interface GpsEvents {
  positionChanged(event: TechnicianPositionEvent): void;
  onPositionChanged(listener: (event: TechnicianPositionEvent) => void): () => void;
}

export function createGpsEvents(): GpsEvents {
  const position = eventChannel<TechnicianPositionEvent>(new EventEmitter().setMaxListeners(100), "position");
  return { positionChanged: position.emit, onPositionChanged: position.on };
}
