"use client";
import type { KitState } from "./map-kit";

/**
 * What a map's frame shows instead of (or over) the map: the engine loading, a browser without
 * WebGL, or a failure of the engine or the style. Each map says it in its own words.
 */
export function MapKitNotice({
  kitState,
  mapError,
  text,
}: {
  kitState: KitState;
  mapError: string | null;
  text: { loading: string; unsupported: string; failed: (reason: string) => string };
}) {
  return (
    <>
      {kitState.status === "loading" && (
        <p className="absolute inset-0 flex items-center justify-center text-sm text-slate-500" role="status">
          {text.loading}
        </p>
      )}
      {kitState.status === "unsupported" && (
        <p
          data-testid="map-unsupported"
          className="absolute inset-0 flex items-center justify-center p-6 text-center text-sm text-slate-700"
        >
          {text.unsupported}
        </p>
      )}
      {(kitState.status === "failed" || mapError) && (
        <p role="alert" className="absolute inset-x-0 top-0 z-10 bg-rose-50 px-3 py-2 text-sm text-rose-900">
          {text.failed(kitState.status === "failed" ? kitState.error : (mapError ?? ""))}
        </p>
      )}
    </>
  );
}
