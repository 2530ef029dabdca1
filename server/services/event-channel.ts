import type { EventEmitter } from "node:events";

/** A typed subscribe/emit pair over one event name: `on` returns its own unsubscribe. */
export function eventChannel<T>(emitter: EventEmitter, name: string) {
  return {
    emit: (event: T): void => {
      emitter.emit(name, event);
    },
    on: (listener: (event: T) => void): (() => void) => {
      emitter.on(name, listener);
      return () => emitter.off(name, listener);
    },
  };
}
