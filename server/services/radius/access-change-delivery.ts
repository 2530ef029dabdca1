/**
 * The process's sender of RADIUS access changes (access-changes.ts), built once by the
 * composition root. It wakes when a change commits (the database's NOTIFY, from this instance or
 * another), when a retry falls due, and once a minute in case a notification was missed; rounds
 * never overlap, and a wake-up during a round runs one more round after it.
 */
import { listenForNotifications } from "../../db/notifications";
import type { ServiceDeps } from "../deps";
import { ACCESS_CHANGES_CHANNEL, deliverAccessChanges } from "./access-changes";

const SWEEP_MS = 60_000;

export interface AccessChangeDelivery {
  /** Starts listening; server/main.ts and tests that want deliveries call it. */
  start(): Promise<void>;
  /** Runs a round now (or right after the running one). */
  wake(): void;
  /** Resolves once no round runs and none is asked for. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function createAccessChangeDelivery(deps: Pick<ServiceDeps, "db" | "config" | "radius">): AccessChangeDelivery {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let started = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let sweep: NodeJS.Timeout | null = null;
  let unlisten: (() => Promise<void>) | null = null;

  const round = async (): Promise<void> => {
    do {
      again = false;
      const result = await deliverAccessChanges(deps).catch((error: unknown) => {
        console.error("radius: delivering access changes failed:", error);
        return null;
      });
      if (result?.nextDueAt && !stopped) {
        if (retryTimer) clearTimeout(retryTimer);
        retryTimer = setTimeout(wake, Math.max(0, result.nextDueAt.getTime() - Date.now()));
        retryTimer.unref();
      }
      // A full batch may have left more behind.
      if (result && result.claimed >= 50) again = true;
    } while (again && !stopped);
  };

  function wake(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = round().finally(() => {
      running = null;
    });
  }

  return {
    async start() {
      if (started || stopped) return;
      started = true;
      unlisten = await listenForNotifications(deps.db, ACCESS_CHANGES_CHANNEL, wake);
      sweep = setInterval(wake, SWEEP_MS);
      sweep.unref();
      wake();
    },
    wake,
    async idle() {
      while (running) await running;
    },
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (sweep) clearInterval(sweep);
      await unlisten?.().catch(() => undefined);
      while (running) await running;
    },
  };
}
