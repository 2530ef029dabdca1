import { EventEmitter } from "node:events";

/**
 * An event emitter shared by the whole process. Next bundles route code apart from
 * server/main.ts, so a module-level emitter would exist once per module graph and events
 * emitted by route code (tRPC) would never reach listeners in server/main.ts (the board, the
 * realtime server). Keyed on globalThis, both graphs get the same one.
 */
export function processEmitter(name: string, maxListeners = 100): EventEmitter {
  const key = Symbol.for(`fibre-ops.${name}`);
  const holder = globalThis as { [key: symbol]: EventEmitter | undefined };
  return (holder[key] ??= new EventEmitter().setMaxListeners(maxListeners));
}
