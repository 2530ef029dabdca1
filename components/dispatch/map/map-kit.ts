"use client";
import { useEffect, useMemo, useState } from "react";
import type * as MapLibreKit from "react-map-gl/maplibre";
import type { StyleSpecification } from "maplibre-gl";
import { BASE_MAP_DATA_BOUNDS, BASE_MAP_MIN_ZOOM, localBaseStyle } from "@/lib/map/base-style";

/** react-map-gl's components for one engine; MapLibre's and Mapbox's take the same props. */
export type MapKit = typeof MapLibreKit;

/** Mapbox GL JS when a token is configured (its tiles need the internet); MapLibre and the shipped style otherwise. */
export const MAPBOX_TOKEN = process.env.NEXT_PUBLIC_MAPBOX_TOKEN ?? "";
export const MAPBOX_STYLE = "mapbox://styles/mapbox/light-v11";
export const MAPBOX_FONT = ["DIN Pro Medium", "Arial Unicode MS Bold"];

/**
 * The style and the engine-specific props of every map: Mapbox's style and token, or the
 * shipped style with the view kept inside its data (beyond it the map would be blank). Null
 * on the server, where there is no window (and no map).
 */
export function useMapStyle(
  locale: string,
): { style: string | StyleSpecification; engineProps: Record<string, unknown> } | null {
  return useMemo(() => {
    if (MAPBOX_TOKEN) return { style: MAPBOX_STYLE, engineProps: { mapboxAccessToken: MAPBOX_TOKEN } };
    if (typeof window === "undefined") return null;
    const [[west, south], [east, north]] = BASE_MAP_DATA_BOUNDS;
    return {
      style: localBaseStyle({ origin: window.location.origin, locale: locale === "en" ? "en" : "fr" }),
      engineProps: { maxBounds: [west, south, east, north], minZoom: BASE_MAP_MIN_ZOOM },
    };
  }, [locale]);
}

let loading: Promise<MapKit> | null = null;

/** The engine is loaded on demand: the board without its map does not download a WebGL library. */
function loadKit(): Promise<MapKit> {
  loading ??= MAPBOX_TOKEN
    ? import("react-map-gl/mapbox").then((kit) => kit as unknown as MapKit)
    : import("react-map-gl/maplibre");
  return loading;
}

export function hasWebGl(): boolean {
  try {
    const canvas = document.createElement("canvas");
    return Boolean(canvas.getContext("webgl2") ?? canvas.getContext("webgl"));
  } catch {
    return false;
  }
}

export type KitState =
  | { status: "loading" }
  | { status: "ready"; kit: MapKit }
  | { status: "unsupported" }
  | { status: "failed"; error: string };

export function useMapKit(): KitState {
  const [state, setState] = useState<KitState>({ status: "loading" });
  useEffect(() => {
    let live = true;
    Promise.resolve()
      .then(() => (hasWebGl() ? loadKit() : null))
      .then(
        (kit) => {
          if (live) setState(kit ? { status: "ready", kit } : { status: "unsupported" });
        },
        (error: unknown) => {
          if (live) setState({ status: "failed", error: error instanceof Error ? error.message : String(error) });
        },
      );
    return () => {
      live = false;
    };
  }, []);
  return state;
}
