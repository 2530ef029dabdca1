import { getTranslations } from "next-intl/server";
import { formatDateTime, formatTime } from "@/components/ui/format";
import { Empty, Section } from "@/components/ui/section";
import type { JobRoute } from "@/lib/schemas/job-record";
import { JobRouteMap, type RouteMarkerLabels } from "./job-route-map";
import { MARKER_CLASS } from "./route-features";

/**
 * The record's "Route" section: the figures (distance, time en route, when it left, arrived and
 * ended) as text, the map, and a legend that says in words what each marker is. Without a line,
 * the reason in place of the map.
 */
export async function JobRouteSection({
  route,
  address,
  locale,
}: {
  route: JobRoute;
  address: string;
  locale: string;
}) {
  const t = await getTranslations("jobRecord.route");
  const number = new Intl.NumberFormat(locale === "en" ? "en-CA" : "fr-CA", { maximumFractionDigits: 1 });
  const when = (iso: string | null) => formatDateTime(iso, locale);
  const duration = (seconds: number) => {
    const minutes = Math.round(seconds / 60);
    return minutes >= 60
      ? t("hoursMinutes", { hours: Math.floor(minutes / 60), minutes: String(minutes % 60).padStart(2, "0") })
      : t("minutes", { minutes });
  };
  const distance = (metres: number) =>
    metres >= 1000 ? t("km", { km: number.format(metres / 1000) }) : t("metres", { metres: Math.round(metres) });
  const { leg } = route;
  const labels: RouteMarkerLabels = {
    start: t("startMarker", { time: formatTime(route.start?.at, locale) }),
    end: t(leg?.underWay ? "lastFixMarker" : "endMarker", { time: formatTime(route.end?.at, locale) }),
    destination: t("destinationMarker", { address }),
  };

  return (
    <Section title={t("title")} testId="job-route">
      {leg ? (
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 px-4 py-3 text-sm" data-testid="job-route-figures">
          {route.empty === null ? (
            <>
              <dt className="text-slate-600">{t("distance")}</dt>
              <dd data-testid="job-route-distance" data-metres={route.distanceM}>
                {distance(route.distanceM)}
              </dd>
            </>
          ) : null}
          <dt className="text-slate-600">{t("enRouteTime")}</dt>
          <dd data-testid="job-route-time" data-seconds={leg.enRouteSeconds}>
            {leg.underWay && leg.arrivedAt === null
              ? t("enRouteSoFar", { duration: duration(leg.enRouteSeconds) })
              : duration(leg.enRouteSeconds)}
          </dd>
          <dt className="text-slate-600">{t("departed")}</dt>
          <dd>{when(leg.enRouteAt)}</dd>
          {leg.arrivedAt ? (
            <>
              <dt className="text-slate-600">{t("arrived")}</dt>
              <dd>{when(leg.arrivedAt)}</dd>
            </>
          ) : null}
          <dt className="text-slate-600">{t("ended")}</dt>
          <dd>{leg.endedAt ? when(leg.endedAt) : t("underWay")}</dd>
          {route.empty === null ? (
            <>
              <dt className="text-slate-600">{t("fixes")}</dt>
              <dd>{t("fixCount", { count: route.fixCount, drawn: route.line.length })}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {route.empty !== null ? (
        <div data-testid="job-route-empty" data-reason={route.empty}>
          <Empty>{t(`empty.${route.empty}`)}</Empty>
        </div>
      ) : (
        <div className="space-y-2 px-4 pb-3">
          {leg?.underWay ? <p className="text-xs text-slate-600">{t("lastFixNote")}</p> : null}
          {route.truncated ? (
            <p className="text-xs text-amber-800">{t("truncated", { count: route.fixCount })}</p>
          ) : null}
          <JobRouteMap route={route} labels={labels} />
          <ul aria-label={t("legend")} className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
            {(["start", "end", "destination"] as const).map((marker) => (
              <li key={marker} className="flex items-center gap-1.5">
                <span aria-hidden="true" className={`inline-block ${MARKER_CLASS[marker]}`} />
                {labels[marker]}
              </li>
            ))}
          </ul>
        </div>
      )}
    </Section>
  );
}
