import { EventEmitter } from "node:events";

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

// On globalThis for the same reason as dispatch job events: route code and server/main.ts are
// two module graphs in one process.
const EMITTER_KEY = Symbol.for("fibre-ops.gps-events");
const holder = globalThis as { [EMITTER_KEY]?: EventEmitter };
const emitter = (holder[EMITTER_KEY] ??= new EventEmitter().setMaxListeners(100));

export const gpsEvents = {
  positionChanged(event: TechnicianPositionEvent): void {
    emitter.emit("position", event);
  },
  onPositionChanged(listener: (event: TechnicianPositionEvent) => void): () => void {
    emitter.on("position", listener);
    return () => emitter.off("position", listener);
  },
};
