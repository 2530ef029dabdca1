"use client";
import { TrackingMap } from "./tracking-map";
import { useLocale, useTranslations } from "next-intl";
import { formatTime } from "@/components/ui/format";
import type { TrackingView } from "@/lib/domain/tracking/tracking-view";
import { useTracking, type TrackingSnapshot } from "./use-tracking";

/**
 * The customer's tracking page: who is coming, when, and when we last heard from them. The
 * position is a marker on a map and "last seen at 14:05", never coordinates in text.
 */
export function TrackingLive({
  token,
  initial,
  initialNow,
  otherLanguageHref,
}: {
  token: string;
  initial: TrackingSnapshot;
  initialNow: string;
  otherLanguageHref: string;
}) {
  const t = useTranslations("tracking.page");
  const { snapshot, offline, now } = useTracking(`/api/track/${encodeURIComponent(token)}`, initial, initialNow);
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col gap-4 px-4 py-8">
      <header className="flex items-center justify-between">
        <p className="text-sm font-medium text-slate-500">{t("title")}</p>
        <a
          href={otherLanguageHref}
          className="rounded px-2 py-1 text-sm text-slate-600 hover:bg-slate-200"
          data-testid="tracking-language"
        >
          {t("otherLanguage")}
        </a>
      </header>
      {snapshot.state === "expired" ? <Expired /> : <Live view={snapshot.view} now={now} />}
      {offline && snapshot.state === "active" && (
        <p role="status" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t("offline")}
        </p>
      )}
    </main>
  );
}

/**
 * The same live view inside another page (a signed-in customer's own visit), polling `pollUrl`,
 * which answers as /api/track/<token> does.
 */
export function TrackingPanel({
  pollUrl,
  initial,
  initialNow,
}: {
  pollUrl: string;
  initial: TrackingSnapshot;
  initialNow: string;
}) {
  const t = useTranslations("tracking.page");
  const { snapshot, offline, now } = useTracking(pollUrl, initial, initialNow);
  return (
    <div className="space-y-3">
      {snapshot.state === "expired" ? <Expired /> : <Live view={snapshot.view} now={now} />}
      {offline && snapshot.state === "active" && (
        <p role="status" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t("offline")}
        </p>
      )}
    </div>
  );
}

function Expired() {
  const t = useTranslations("tracking.page");
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-6 text-center" data-testid="tracking-expired">
      <h1 className="text-xl font-semibold">{t("expiredTitle")}</h1>
      <p className="mt-1 text-slate-600">{t("expiredBody")}</p>
    </section>
  );
}

function Live({ view, now }: { view: TrackingView; now: Date }) {
  const t = useTranslations("tracking.page");
  const locale = useLocale();
  const name = view.technician?.firstName ?? t("yourTechnician");
  const heading =
    view.status === "en_route"
      ? t("enRoute", { name })
      : view.status === "on_site"
        ? t("onSite", { name })
        : view.status === "done"
          ? t("done")
          : t("planned");
  return (
    <section
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-6"
      data-testid="tracking-view"
      data-status={view.status}
    >
      <h1 className="text-2xl font-semibold" data-testid="tracking-status">
        {heading}
      </h1>
      {view.status === "done" && <p className="text-slate-600">{t("doneBody")}</p>}
      {view.status === "planned" && <p className="text-slate-600">{t("plannedBody")}</p>}
      {view.eta && (
        <p className="text-lg" data-testid="tracking-eta">
          {t(view.eta.basis === "position" ? "etaPosition" : "etaPlan", { time: formatTime(view.eta.at, locale) })}
        </p>
      )}
      {!view.eta && view.status === "en_route" && <p className="text-slate-600">{t("noEta")}</p>}
      {view.status === "en_route" && view.position && <TrackingMap position={view.position} />}
      {view.status === "en_route" && <LastSeen position={view.position} now={now} />}
    </section>
  );
}

function LastSeen({ position, now }: { position: TrackingView["position"]; now: Date }) {
  const t = useTranslations("tracking.page");
  const locale = useLocale();
  if (!position) return <p className="text-sm text-slate-600">{t("noPosition")}</p>;
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(position.fixTime)) / 60_000));
  return (
    <div className="space-y-1 text-sm" data-testid="tracking-last-seen" data-stale={position.stale}>
      <p className="text-slate-700">
        {t("lastSeen", { time: formatTime(position.fixTime, locale) })} · {t("updatedAgo", { minutes })}
      </p>
      {position.stale && <p className="rounded bg-amber-50 px-3 py-2 text-amber-900">{t("stale")}</p>}
    </div>
  );
}
