"use client";
import "maplibre-gl/dist/maplibre-gl.css";
import "mapbox-gl/dist/mapbox-gl.css";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useLocale, useTranslations } from "next-intl";
import type { GeoJSONSource } from "maplibre-gl";
import type { MapLayerMouseEvent, MapRef } from "react-map-gl/maplibre";
import type { BoardSnapshot } from "@/lib/domain/board/types";
import type { JobEta } from "@/lib/domain/gps/board-eta";
import { remainingRoute } from "@/lib/domain/gps/board-eta";
import { BASE_MAP_FONT, SERVICE_AREA_BOUNDS } from "@/lib/map/base-style";
import type { BoardCursor, RemotePresence } from "../board-session";
import { formatClock } from "../board-time";
import {
  CLUSTER_LAYER,
  JOB_LAYER,
  JOBS_SOURCE,
  jobLayers,
  LOCATIONS_SOURCE,
  locationLayers,
  ROUTES_SOURCE,
  routeLayer,
} from "./map-layers";
import { jobPins, routeLines, techMarkers } from "./map-features";
import { MAPBOX_FONT, MAPBOX_TOKEN, useMapKit, useMapStyle } from "./map-kit";
import { MapKitNotice } from "./map-kit-notice";
import { RemoteCursorView, TechMarkerView } from "./map-markers";
import { MapStatus } from "./map-status";
import { TechList } from "./tech-list";
import { useLocationPoints } from "./use-location-points";
import type { LivePositions } from "./use-live-positions";
import { useNow } from "./use-now";

interface Props {
  snapshot: BoardSnapshot;
  live: LivePositions;
  selection: string[];
  others: RemotePresence[];
  etas: Record<string, JobEta>;
  onSelect: (jobId: string) => void;
  onCursor: (cursor: BoardCursor) => void;
  /** Height of the map area (CSS), e.g. "70vh". */
  height: string;
}

const INTERACTIVE_LAYERS = [JOB_LAYER, CLUSTER_LAYER];

function boundsOf(snapshot: BoardSnapshot): [[number, number], [number, number]] {
  const jobs = Object.values(snapshot.jobs);
  if (jobs.length === 0) return SERVICE_AREA_BOUNDS;
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const job of jobs) {
    west = Math.min(west, job.lng);
    east = Math.max(east, job.lng);
    south = Math.min(south, job.lat);
    north = Math.max(north, job.lat);
  }
  return [
    [west, south],
    [east, north],
  ];
}

/**
 * The day on a map: technicians where they are, the jobs as pins coloured by status, each
 * technician's remaining route, every service location (clustered), and the other
 * dispatchers' pointers and selections. Selecting a pin selects the job on the board.
 */
export function DispatchMap({ snapshot, live, selection, others, etas, onSelect, onCursor, height }: Props) {
  const t = useTranslations("map");
  const tBoard = useTranslations("board");
  const locale = useLocale();
  const kitState = useMapKit();
  const locations = useLocationPoints();
  const now = useNow(15_000);
  const mapRef = useRef<MapRef | null>(null);
  const [hovered, setHovered] = useState<{ jobId: string; lng: number; lat: number } | null>(null);
  const [focusedTech, setFocusedTech] = useState<string | null>(null);
  const [mapError, setMapError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);

  const pins = useMemo(() => jobPins(snapshot, selection, others), [snapshot, selection, others]);
  const routes = useMemo(() => routeLines(snapshot, live.positions, selection), [snapshot, live.positions, selection]);
  const markers = useMemo(() => techMarkers(snapshot, live.positions, now), [snapshot, live.positions, now]);
  const mapCursors = others.filter(
    (o): o is RemotePresence & { cursor: { lat: number; lng: number } } => o.cursor !== null && "lat" in o.cursor,
  );
  const mapStyle = useMapStyle(locale);
  const font = MAPBOX_TOKEN ? MAPBOX_FONT : [BASE_MAP_FONT];
  const [initialBounds] = useState(() => boundsOf(snapshot));

  // A job selected on the board comes into view if the map was looking elsewhere.
  const selectedJob = selection[0] ? snapshot.jobs[selection[0]] : undefined;
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !selectedJob) return;
    if (!map.getBounds().contains([selectedJob.lng, selectedJob.lat]))
      map.easeTo({ center: [selectedJob.lng, selectedJob.lat], duration: 600 });
  }, [selectedJob]);

  const onClick = useCallback(
    (event: MapLayerMouseEvent) => {
      const feature = event.features?.[0];
      if (!feature) return;
      if (feature.layer.id === JOB_LAYER) {
        onSelect(String(feature.properties?.id));
        return;
      }
      const clusterId = feature.properties?.cluster_id as number | undefined;
      const source = mapRef.current?.getSource<GeoJSONSource>(LOCATIONS_SOURCE);
      if (clusterId === undefined || !source || feature.geometry.type !== "Point") return;
      const center = feature.geometry.coordinates as [number, number];
      void source
        .getClusterExpansionZoom(clusterId)
        .then((zoom) => mapRef.current?.easeTo({ center, zoom, duration: 500 }));
    },
    [onSelect],
  );

  const onMouseMove = useCallback(
    (event: MapLayerMouseEvent) => {
      onCursor({ lat: event.lngLat.lat, lng: event.lngLat.lng });
      const feature = event.features?.find((f) => f.layer.id === JOB_LAYER);
      setHovered(
        feature ? { jobId: String(feature.properties?.id), lng: event.lngLat.lng, lat: event.lngLat.lat } : null,
      );
    },
    [onCursor],
  );

  const focusTech = useCallback(
    (techId: string) => {
      setFocusedTech(techId);
      const position = live.positions[techId];
      if (position)
        mapRef.current?.easeTo({
          center: [position.lng, position.lat],
          zoom: Math.max(mapRef.current.getZoom(), 12),
          duration: 600,
        });
      // The technician's next job becomes the selection, so the board shows it too.
      const next = remainingRoute(snapshot.jobs, techId)[0];
      if (next) onSelect(next.id);
    },
    [live.positions, snapshot.jobs, onSelect],
  );

  const hoveredJob = hovered ? snapshot.jobs[hovered.jobId] : undefined;
  const hoveredEta = hoveredJob ? etas[hoveredJob.id] : undefined;
  const kit = kitState.status === "ready" && mapStyle ? kitState.kit : null;

  return (
    <section
      aria-label={t("title")}
      data-testid="dispatch-map"
      data-engine={MAPBOX_TOKEN ? "mapbox" : "maplibre"}
      data-map-loaded={loaded || undefined}
      className="space-y-2"
    >
      <div className="relative overflow-hidden rounded-lg border border-slate-200 bg-slate-100" style={{ height }}>
        <MapKitNotice
          kitState={kitState}
          mapError={mapError}
          text={{ loading: t("loading"), unsupported: t("noWebGl"), failed: (reason) => t("failed", { reason }) }}
        />
        {kit && (
          <kit.Map
            ref={mapRef}
            mapStyle={mapStyle!.style}
            {...mapStyle!.engineProps}
            initialViewState={{ bounds: initialBounds, fitBoundsOptions: { padding: 40, maxZoom: 13 } }}
            interactiveLayerIds={INTERACTIVE_LAYERS}
            cursor={hovered ? "pointer" : "grab"}
            onClick={onClick}
            onMouseMove={onMouseMove}
            onMouseLeave={() => {
              onCursor(null);
              setHovered(null);
            }}
            onError={(event) => setMapError(event.error?.message ?? "unknown error")}
            onLoad={() => {
              setMapError(null);
              setLoaded(true);
            }}
            attributionControl={{ compact: true }}
            style={{ width: "100%", height: "100%" }}
          >
            <kit.NavigationControl position="top-right" showCompass={false} />
            {locations.data && (
              <kit.Source
                id={LOCATIONS_SOURCE}
                type="geojson"
                data={locations.data}
                cluster
                clusterRadius={45}
                clusterMaxZoom={14}
              >
                {locationLayers(font).map((layer) => (
                  <kit.Layer key={layer.id} {...layer} />
                ))}
              </kit.Source>
            )}
            <kit.Source id={ROUTES_SOURCE} type="geojson" data={routes}>
              <kit.Layer {...routeLayer} />
            </kit.Source>
            <kit.Source id={JOBS_SOURCE} type="geojson" data={pins}>
              {jobLayers.map((layer) => (
                <kit.Layer key={layer.id} {...layer} />
              ))}
            </kit.Source>
            {markers.map((marker) => (
              <kit.Marker
                key={marker.techId}
                longitude={marker.lng}
                latitude={marker.lat}
                anchor="center"
                style={{ zIndex: marker.stale ? 1 : 2 }}
              >
                <TechMarkerView marker={marker} highlighted={focusedTech === marker.techId} onActivate={focusTech} />
              </kit.Marker>
            ))}
            {mapCursors.map((person) => (
              <kit.Marker
                key={person.clientId}
                longitude={person.cursor.lng}
                latitude={person.cursor.lat}
                anchor="top-left"
                style={{ zIndex: 3, pointerEvents: "none" }}
              >
                <RemoteCursorView person={person} />
              </kit.Marker>
            ))}
            {hoveredJob && hovered && (
              <kit.Popup
                longitude={hovered.lng}
                latitude={hovered.lat}
                closeButton={false}
                closeOnClick={false}
                offset={12}
                anchor="bottom"
              >
                <div data-testid="map-job-popup" className="text-xs">
                  <p className="font-medium">{hoveredJob.title}</p>
                  <p>
                    {tBoard(`jobStatus.${hoveredJob.status}`)} · {hoveredJob.address}
                  </p>
                  {hoveredEta && (
                    <p className={hoveredEta.late ? "text-rose-700" : ""}>
                      {t("eta", { time: formatClock(hoveredEta.arrival, locale) })}
                    </p>
                  )}
                </div>
              </kit.Popup>
            )}
          </kit.Map>
        )}
        <div className="pointer-events-none absolute top-2 left-2 z-10 space-y-1">
          <MapStatus live={live} />
          {locations.error && (
            <p role="alert" className="pointer-events-auto rounded bg-white/90 px-2 py-1 text-xs text-rose-800 shadow">
              {t("locationsFailed")}
            </p>
          )}
        </div>
      </div>
      <TechList snapshot={snapshot} markers={markers} focusedTech={focusedTech} onFocus={focusTech} />
    </section>
  );
}
