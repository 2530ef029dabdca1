import { EventEmitter } from "node:events";
import type { TechnicianPositionEvent } from "../../../lib/schemas/gps";
import { eventChannel } from "../event-channel";

export type { TechnicianPositionEvent } from "../../../lib/schemas/gps";

export interface GpsEvents {
  positionChanged(event: TechnicianPositionEvent): void;
  onPositionChanged(listener: (event: TechnicianPositionEvent) => void): () => void;
}

export function createGpsEvents(): GpsEvents {
  const position = eventChannel<TechnicianPositionEvent>(new EventEmitter().setMaxListeners(100), "position");
  return { positionChanged: position.emit, onPositionChanged: position.on };
}
