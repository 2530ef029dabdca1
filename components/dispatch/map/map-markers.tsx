"use client";
import { useTranslations } from "next-intl";
import type { RemotePresence } from "../board-session";
import { FOCUS_RING, textOn } from "../board-style";
import type { TechMarker } from "./map-features";

/** "35 s", "4 min", "2 h": how old a fix is, short enough for a marker's label. */
export function ageLabel(t: ReturnType<typeof useTranslations>, seconds: number): string {
  if (seconds < 60) return t("age.seconds", { count: seconds });
  if (seconds < 3600) return t("age.minutes", { count: Math.floor(seconds / 60) });
  return t("age.hours", { count: Math.floor(seconds / 3600) });
}

export function techMarkerLabel(t: ReturnType<typeof useTranslations>, marker: TechMarker): string {
  const parts = [marker.name];
  if (marker.speedKmh !== null) parts.push(t("speed", { speed: Math.round(marker.speedKmh) }));
  parts.push(
    marker.stale
      ? t("staleSince", { age: ageLabel(t, marker.ageSeconds) })
      : t("fixAge", { age: ageLabel(t, marker.ageSeconds) }),
  );
  return parts.join(" · ");
}

/**
 * A technician on the map: their colour and initials, an arrow for the heading when moving.
 * A stale position (no fix for 5 minutes) is drawn grey and dashed: the technician was there,
 * and may not be any more.
 */
export function TechMarkerView({
  marker,
  highlighted,
  onActivate,
}: {
  marker: TechMarker;
  highlighted: boolean;
  onActivate: (techId: string) => void;
}) {
  const t = useTranslations("map");
  const label = techMarkerLabel(t, marker);
  const moving = marker.heading !== null && (marker.speedKmh ?? 0) > 2 && !marker.stale;
  return (
    <button
      type="button"
      data-testid="tech-marker"
      data-tech-id={marker.techId}
      data-stale={marker.stale || undefined}
      data-lat={marker.lat}
      data-lng={marker.lng}
      aria-label={label}
      title={label}
      onClick={(event) => {
        event.stopPropagation();
        onActivate(marker.techId);
      }}
      className={`relative flex h-8 w-8 items-center justify-center rounded-full text-[11px] font-semibold shadow-md ${FOCUS_RING} ${marker.stale ? "border-2 border-dashed border-slate-500 bg-slate-300 text-slate-700 opacity-80" : "border-2 border-white"} ${highlighted ? "ring-4 ring-slate-900/70" : ""}`}
      style={marker.stale ? undefined : { backgroundColor: marker.color, color: textOn(marker.color) }}
    >
      {moving && (
        <span
          aria-hidden
          className="pointer-events-none absolute inset-0"
          style={{ transform: `rotate(${marker.heading}deg)` }}
        >
          <span
            className="absolute -top-2 left-1/2 h-0 w-0 -translate-x-1/2 border-x-[5px] border-b-[7px] border-x-transparent"
            style={{ borderBottomColor: marker.color }}
          />
        </span>
      )}
      {marker.initials}
    </button>
  );
}

/** Another dispatcher's pointer over the map, in their colour with their name. */
export function RemoteCursorView({ person }: { person: RemotePresence }) {
  return (
    <span
      data-testid="map-cursor"
      data-user-id={person.user.id}
      className="pointer-events-none flex items-start"
      aria-hidden
    >
      <svg width="14" height="18" viewBox="0 0 14 18" className="drop-shadow">
        <path d="M1 1 L13 10 L7 11 L4 17 Z" fill={person.user.color} stroke="#fff" strokeWidth="1.2" />
      </svg>
      <span
        className="mt-3 rounded px-1 text-[10px] leading-4 whitespace-nowrap"
        style={{ backgroundColor: person.user.color, color: textOn(person.user.color) }}
      >
        {person.user.name}
      </span>
    </span>
  );
}
