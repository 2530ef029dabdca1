import { processEmitter } from "../process-events";

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

const emitter = processEmitter("gps-events");

export const gpsEvents = {
  positionChanged(event: TechnicianPositionEvent): void {
    emitter.emit("position", event);
  },
  onPositionChanged(listener: (event: TechnicianPositionEvent) => void): () => void {
    emitter.on("position", listener);
    return () => emitter.off("position", listener);
  },
};
