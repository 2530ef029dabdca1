"use client";
import { useLocale, useTranslations } from "next-intl";
import { formatClock } from "../board-time";
import type { LivePositions } from "./use-live-positions";

const DOT = {
  ok: "bg-emerald-600",
  warn: "bg-amber-500",
  bad: "bg-rose-600",
  idle: "animate-pulse bg-slate-500",
} as const;

/**
 * Where the positions come from and whether to trust them: the realtime link of this browser,
 * and the Traccar feed when one is configured. Degraded means the markers are the last known
 * positions, not live ones.
 */
export function MapStatus({ live }: { live: LivePositions }) {
  const t = useTranslations("map");
  const locale = useLocale();
  const link = live.connection === "live" ? DOT.ok : live.connection === "connecting" ? DOT.idle : DOT.bad;
  const feed = live.feed;
  const feedDot = !feed ? null : feed.state === "connected" ? DOT.ok : feed.state === "degraded" ? DOT.warn : DOT.idle;
  return (
    <div
      data-testid="feed-status"
      data-connection={live.connection}
      data-feed={feed?.state ?? "none"}
      role="status"
      className="pointer-events-auto space-y-0.5 rounded bg-white/90 px-2 py-1 text-xs text-slate-800 shadow ring-1 ring-slate-200"
    >
      <p className="flex items-center gap-1.5">
        <span aria-hidden className={`inline-block h-2 w-2 rounded-full ${link}`} />
        {t(`connection.${live.connection}`)}
      </p>
      {feed && feedDot && (
        <p className="flex items-center gap-1.5" title={feed.lastError ?? undefined}>
          <span aria-hidden className={`inline-block h-2 w-2 rounded-full ${feedDot}`} />
          {feed.state === "degraded" && feed.degradedSince
            ? t("feed.degradedSince", { time: formatClock(feed.degradedSince, locale) })
            : t(`feed.${feed.state}`)}
        </p>
      )}
    </div>
  );
}
