"use client";
import "maplibre-gl/dist/maplibre-gl.css";
import "mapbox-gl/dist/mapbox-gl.css";
import { useEffect, useRef, useState } from "react";
import { useLocale, useTranslations } from "next-intl";
import type { MapRef } from "react-map-gl/maplibre";
import { useMapKit, useMapStyle } from "@/components/dispatch/map/map-kit";

/**
 * Where the technician is, for the customer: one marker on the same base map as the dispatch
 * console, following each new position. No destination is drawn; the page knows none.
 */
export function TrackingMap({ position }: { position: { lat: number; lng: number; stale: boolean } }) {
  const t = useTranslations("tracking.page");
  const locale = useLocale();
  const kitState = useMapKit();
  const mapRef = useRef<MapRef | null>(null);
  const [loaded, setLoaded] = useState(false);
  // The page is rendered on the server first, where there is no style (and no map yet).
  const mapStyle = useMapStyle(locale);
  // The first position frames the map; later ones move the view (below), not the initial state.
  const [initial] = useState(() => ({ longitude: position.lng, latitude: position.lat, zoom: 11 }));

  useEffect(() => {
    mapRef.current?.easeTo({ center: [position.lng, position.lat], duration: 800 });
  }, [position.lat, position.lng]);

  if (kitState.status !== "ready" || !mapStyle) return null;
  const kit = kitState.kit;
  return (
    <div
      className="h-64 overflow-hidden rounded-lg border border-slate-200"
      data-testid="tracking-map"
      data-map-loaded={loaded || undefined}
    >
      <kit.Map
        ref={mapRef}
        mapStyle={mapStyle.style}
        {...mapStyle.engineProps}
        initialViewState={initial}
        onLoad={() => setLoaded(true)}
        attributionControl={{ compact: true }}
        style={{ width: "100%", height: "100%" }}
      >
        <kit.NavigationControl position="top-right" showCompass={false} />
        <kit.Marker longitude={position.lng} latitude={position.lat} anchor="center">
          <span
            role="img"
            aria-label={t("markerLabel")}
            data-testid="tracking-marker"
            className={`block h-5 w-5 rounded-full border-[3px] border-white shadow-md ${position.stale ? "bg-slate-400" : "bg-sky-600"}`}
          />
        </kit.Marker>
      </kit.Map>
    </div>
  );
}
