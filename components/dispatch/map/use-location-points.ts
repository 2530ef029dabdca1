"use client";
import { useEffect, useState } from "react";
import type { FeatureCollection, Point } from "geojson";
import { browserTrpc } from "@/components/browser-trpc";
import { locationFeatures } from "./map-features";

type Locations = FeatureCollection<Point, { s: number }>;

// Service locations change rarely and weigh a few hundred kilobytes: fetched once per page load.
let cached: Promise<Locations> | null = null;

export function useLocationPoints(): { data: Locations | null; error: string | null } {
  const [state, setState] = useState<{ data: Locations | null; error: string | null }>({ data: null, error: null });
  useEffect(() => {
    let live = true;
    cached ??= browserTrpc.dispatch.mapLocations.query().then(locationFeatures);
    cached.then(
      (data) => {
        if (live) setState({ data, error: null });
      },
      (error: unknown) => {
        cached = null;
        if (live) setState({ data: null, error: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}
