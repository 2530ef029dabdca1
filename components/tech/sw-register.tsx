"use client";
import { useEffect } from "react";

/**
 * Registers the service worker for /tech only (public/sw.js): it keeps the app's page, its
 * scripts and the technician's day so the app opens without a network. The page's own files
 * were fetched before the worker existed, so the page hands their addresses over to be cached.
 */
/** Asks the worker to keep these /tech pages too (the day's job pages), so each opens offline after a reload. */
export async function cacheTechPages(userId: string, paths: string[]): Promise<void> {
  if (!("serviceWorker" in navigator) || !navigator.onLine) return;
  // Waits for the worker registered below to be active (the first visit installs it).
  const registration = await navigator.serviceWorker.ready;
  registration.active?.postMessage({ type: "cache-shell", userId, urls: paths });
}

export function ServiceWorkerRegistration({ userId }: { userId: string }) {
  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    let cancelled = false;
    void (async () => {
      try {
        await navigator.serviceWorker.register("/sw.js", { scope: "/tech" });
        const registration = await navigator.serviceWorker.ready;
        if (cancelled) return;
        const files = performance
          .getEntriesByType("resource")
          .map((entry) => entry.name)
          .filter((url) => new URL(url).pathname.startsWith("/_next/static/"));
        registration.active?.postMessage({ type: "cache-shell", userId, urls: [window.location.pathname, ...files] });
      } catch {
        // No worker (private mode, old browser): the app still works online.
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [userId]);
  return null;
}
