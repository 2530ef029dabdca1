"use client";
import "maplibre-gl/dist/maplibre-gl.css";
import "mapbox-gl/dist/mapbox-gl.css";
import { useMemo, useState } from "react";
import { useLocale, useTranslations } from "next-intl";
import type { LayerProps } from "react-map-gl/maplibre";
import { useMapKit, useMapStyle } from "@/components/dispatch/map/map-kit";
import { MapKitNotice } from "@/components/dispatch/map/map-kit-notice";
import type { JobRoute } from "@/lib/schemas/job-record";
import { MARKER_CLASS, routeBounds, routeLine } from "./route-features";

const ROUTE_SOURCE = "visit-route";
const routeLayer = {
  id: "visit-route-line",
  type: "line",
  source: ROUTE_SOURCE,
  layout: { "line-join": "round", "line-cap": "round" },
  paint: { "line-color": "#0369a1", "line-width": 4, "line-opacity": 0.85 },
} as LayerProps;

export interface RouteMarkerLabels {
  start: string;
  end: string;
  destination: string;
}

/**
 * A visit's drive on the same base map as the dispatch console: the thinned line, where it began
 * and ended, and the job's location. Read-only; the figures and a text legend sit beside it.
 */
export function JobRouteMap({ route, labels }: { route: JobRoute; labels: RouteMarkerLabels }) {
  const t = useTranslations("jobRecord.route");
  const tMap = useTranslations("map");
  const locale = useLocale();
  const kitState = useMapKit();
  const mapStyle = useMapStyle(locale);
  const [mapError, setMapError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const line = useMemo(() => routeLine(route), [route]);
  const [initialBounds] = useState(() => routeBounds(route));
  const kit = kitState.status === "ready" && mapStyle ? kitState.kit : null;

  return (
    <div
      className="relative h-72 overflow-hidden rounded border border-slate-200 bg-slate-100"
      data-testid="job-route-map"
      data-map-loaded={loaded || undefined}
      data-points={route.line.length}
      role="region"
      aria-label={t("mapLabel")}
    >
      <MapKitNotice
        kitState={kitState}
        mapError={mapError}
        text={{
          loading: tMap("loading"),
          unsupported: t("noWebGl"),
          failed: (reason) => t("mapFailed", { reason }),
        }}
      />
      {kit && (
        <kit.Map
          mapStyle={mapStyle!.style}
          {...mapStyle!.engineProps}
          initialViewState={{ bounds: initialBounds, fitBoundsOptions: { padding: 40, maxZoom: 15 } }}
          onError={(event) => setMapError(event.error?.message ?? "unknown error")}
          onLoad={() => {
            setMapError(null);
            setLoaded(true);
          }}
          attributionControl={{ compact: true }}
          style={{ width: "100%", height: "100%" }}
        >
          <kit.NavigationControl position="top-right" showCompass={false} />
          <kit.Source id={ROUTE_SOURCE} type="geojson" data={line}>
            <kit.Layer {...routeLayer} />
          </kit.Source>
          <kit.Marker longitude={route.destination.lng} latitude={route.destination.lat} anchor="center">
            <span
              role="img"
              aria-label={labels.destination}
              title={labels.destination}
              className={`block ${MARKER_CLASS.destination}`}
              data-testid="job-route-destination"
            />
          </kit.Marker>
          {route.start && (
            <kit.Marker longitude={route.start.lng} latitude={route.start.lat} anchor="center">
              <span
                role="img"
                aria-label={labels.start}
                title={labels.start}
                className={`block ${MARKER_CLASS.start}`}
                data-testid="job-route-start"
              />
            </kit.Marker>
          )}
          {route.end && (
            <kit.Marker longitude={route.end.lng} latitude={route.end.lat} anchor="center">
              <span
                role="img"
                aria-label={labels.end}
                title={labels.end}
                className={`block ${MARKER_CLASS.end}`}
                data-testid="job-route-end"
              />
            </kit.Marker>
          )}
        </kit.Map>
      )}
    </div>
  );
}
