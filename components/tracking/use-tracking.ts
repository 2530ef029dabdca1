"use client";
import { useEffect, useState } from "react";
import type { TrackingView } from "@/lib/domain/tracking/tracking-view";

/** What the page knows: the link's view (position, ETA, status), or that it has expired. */
export type TrackingSnapshot = { state: "active"; view: TrackingView } | { state: "expired" };

export interface LiveTracking {
  snapshot: TrackingSnapshot;
  /** The last poll failed (network, server): the view shown is the last one received. */
  offline: boolean;
  /** The clock ages are computed against; starts at the server's render time so the first render matches. */
  now: Date;
}

export const POLL_INTERVAL_MS = 15_000;

/**
 * Polls `url` (/api/track/<token>, or a customer's own visit under /api/portal) every 15 s and
 * whenever the phone's screen comes back on. The position lives in `snapshot.view.position`
 * for whatever draws it. Stops for good once the link has expired.
 */
export function useTracking(url: string, initial: TrackingSnapshot, initialNow: string): LiveTracking {
  const [snapshot, setSnapshot] = useState<TrackingSnapshot>(initial);
  const [offline, setOffline] = useState(false);
  const [now, setNow] = useState(() => new Date(initialNow));
  const expired = snapshot.state === "expired";

  useEffect(() => {
    if (expired) return;
    const controller = new AbortController();
    async function poll() {
      try {
        const response = await fetch(url, {
          cache: "no-store",
          signal: controller.signal,
        });
        // 404 after a first success: the job is gone, which for the customer is the same as expired.
        if (response.status === 410 || response.status === 404) setSnapshot({ state: "expired" });
        else if (response.ok) setSnapshot({ state: "active", view: (await response.json()) as TrackingView });
        setOffline(!response.ok && response.status !== 410 && response.status !== 404);
      } catch {
        if (!controller.signal.aborted) setOffline(true);
      } finally {
        if (!controller.signal.aborted) setNow(new Date());
      }
    }
    const timer = setInterval(() => void poll(), POLL_INTERVAL_MS);
    const onVisible = () => {
      if (document.visibilityState === "visible") void poll();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      controller.abort();
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [url, expired]);

  return { snapshot, offline, now };
}
