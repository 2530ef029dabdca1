"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Re-renders the page (server components and their data) every `everyMs` while `active`, at most
 * `times` times: a page showing queued remote actions follows them until they leave the queue,
 * without a reload and without polling forever on a page left open.
 */
export function AutoRefresh({
  active,
  everyMs = 5000,
  times = 36,
  label,
}: {
  active: boolean;
  everyMs?: number;
  times?: number;
  label: string;
}) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    let done = 0;
    const timer = setInterval(() => {
      done += 1;
      router.refresh();
      if (done >= times) clearInterval(timer);
    }, everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs, times, router]);
  return active ? (
    <p role="status" aria-live="polite" className="text-xs text-slate-500">
      {label}
    </p>
  ) : null;
}
