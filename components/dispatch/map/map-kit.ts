"use client";
import { useEffect, useState } from "react";
import type * as MapLibreKit from "react-map-gl/maplibre";

/** react-map-gl's components for one engine; MapLibre's and Mapbox's take the same props. */
export type MapKit = typeof MapLibreKit;

/** Mapbox GL JS when a token is configured (its tiles need the internet); MapLibre and the shipped style otherwise. */
export const MAPBOX_TOKEN = process.env.NEXT_PUBLIC_MAPBOX_TOKEN ?? "";
export const MAPBOX_STYLE = "mapbox://styles/mapbox/light-v11";
export const MAPBOX_FONT = ["DIN Pro Medium", "Arial Unicode MS Bold"];

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

export type KitState = { status: "loading" } | { status: "ready"; kit: MapKit } | { status: "unsupported" } | { status: "failed"; error: string };

export function useMapKit(): KitState {
  const [state, setState] = useState<KitState>({ status: "loading" });
  useEffect(() => {
    let live = true;
    Promise.resolve().then(() => (hasWebGl() ? loadKit() : null)).then(
      (kit) => { if (live) setState(kit ? { status: "ready", kit } : { status: "unsupported" }); },
      (error: unknown) => { if (live) setState({ status: "failed", error: error instanceof Error ? error.message : String(error) }); },
    );
    return () => { live = false; };
  }, []);
  return state;
}
