/**
 * A GPS fix as every source delivers it once normalized (Traccar, OsmAnd devices, the
 * technician's browser), and the rules for accepting one. Speeds are km/h here: Traccar and
 * the OsmAnd protocol send knots, and are converted at the edge.
 */
import { KNOTS_TO_KMH } from "./geo";

export interface GpsFix {
  /** The device that reported it (OsmAnd `id`, Traccar device unique id, or `browser:<user id>`). */
  deviceId: string;
  lat: number;
  lng: number;
  /** When the fix was taken, by the device's clock. */
  fixTime: Date;
  speedKmh: number | null;
  heading: number | null;
  accuracyM: number | null;
  altitudeM: number | null;
  battery: number | null;
}

/** Fixes further in the future than this are a wrong device clock, not a position. */
export const MAX_CLOCK_AHEAD_MS = 5 * 60_000;
/** Older fixes are replays of a lost phone's cache or a broken clock; a week covers a long weekend offline. */
export const MAX_FIX_AGE_MS = 7 * 24 * 3600_000;

export type FixRejection = { field: string; reason: string };

function number(value: string | undefined | null): number | null {
  if (value === undefined || value === null || value.trim() === "") return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : Number.NaN;
}

/**
 * OsmAnd's `timestamp` is Unix seconds (the Traccar client), milliseconds (some trackers), or an
 * ISO date; all three are accepted, as Traccar does.
 */
export function parseFixTimestamp(value: string): Date | null {
  if (/^\d+(\.\d+)?$/.test(value)) {
    const n = Number(value);
    return new Date(n > 1e11 ? n : n * 1000);
  }
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : new Date(parsed);
}

/** Checks a fix against the clock; the first problem found, or null when it is acceptable. */
export function rejectFix(
  fix: Pick<GpsFix, "lat" | "lng" | "fixTime" | "speedKmh" | "heading">,
  now: Date,
): FixRejection | null {
  if (!Number.isFinite(fix.lat) || fix.lat < -90 || fix.lat > 90)
    return { field: "lat", reason: `latitude must be between -90 and 90, got ${fix.lat}` };
  if (!Number.isFinite(fix.lng) || fix.lng < -180 || fix.lng > 180)
    return { field: "lon", reason: `longitude must be between -180 and 180, got ${fix.lng}` };
  const time = fix.fixTime.getTime();
  if (Number.isNaN(time)) return { field: "timestamp", reason: "timestamp is not a date" };
  if (time - now.getTime() > MAX_CLOCK_AHEAD_MS)
    return {
      field: "timestamp",
      reason: `timestamp ${fix.fixTime.toISOString()} is in the future; check the device clock`,
    };
  if (now.getTime() - time > MAX_FIX_AGE_MS)
    return { field: "timestamp", reason: `timestamp ${fix.fixTime.toISOString()} is more than 7 days old` };
  if (fix.speedKmh !== null && (!Number.isFinite(fix.speedKmh) || fix.speedKmh < 0 || fix.speedKmh > 400))
    return { field: "speed", reason: `speed must be between 0 and 400 km/h, got ${fix.speedKmh}` };
  if (fix.heading !== null && (!Number.isFinite(fix.heading) || fix.heading < 0 || fix.heading > 360))
    return { field: "bearing", reason: `bearing must be between 0 and 360, got ${fix.heading}` };
  return null;
}

/**
 * Reads an OsmAnd-protocol request's parameters (query string or form body):
 * id, lat, lon, timestamp, and optionally speed (knots), bearing/heading, altitude, accuracy, batt.
 */
export function parseOsmAndFix(
  params: URLSearchParams,
  now: Date,
): { ok: true; fix: GpsFix } | { ok: false; error: FixRejection } {
  const deviceId = (params.get("id") ?? params.get("deviceid") ?? "").trim();
  if (!deviceId) return { ok: false, error: { field: "id", reason: "the device id (id) is missing" } };
  for (const field of ["lat", "lon", "timestamp"]) {
    if (!params.get(field)?.trim()) return { ok: false, error: { field, reason: `${field} is missing` } };
  }
  const fixTime = parseFixTimestamp(params.get("timestamp")!.trim());
  if (!fixTime)
    return {
      ok: false,
      error: {
        field: "timestamp",
        reason: `timestamp "${params.get("timestamp")}" is not Unix seconds, milliseconds or an ISO date`,
      },
    };
  const knots = number(params.get("speed"));
  const fix: GpsFix = {
    deviceId,
    lat: number(params.get("lat")) ?? Number.NaN,
    lng: number(params.get("lon")) ?? Number.NaN,
    fixTime,
    speedKmh: knots === null ? null : knots * KNOTS_TO_KMH,
    heading: number(params.get("bearing") ?? params.get("heading")),
    accuracyM: number(params.get("accuracy")),
    altitudeM: number(params.get("altitude")),
    battery: number(params.get("batt")),
  };
  for (const [field, value] of [
    ["accuracy", fix.accuracyM],
    ["altitude", fix.altitudeM],
    ["batt", fix.battery],
  ] as const) {
    if (value !== null && Number.isNaN(value))
      return { ok: false, error: { field, reason: `${field} must be a number` } };
  }
  const rejection = rejectFix(fix, now);
  return rejection ? { ok: false, error: rejection } : { ok: true, fix };
}

/**
 * Which of two fixes of one device is the latest: by fix time, never by arrival, so a late
 * fix delivered after a newer one does not move the marker backwards.
 */
export function isNewerFix(candidate: Pick<GpsFix, "fixTime">, current: Pick<GpsFix, "fixTime"> | null): boolean {
  return current === null || candidate.fixTime.getTime() > current.fixTime.getTime();
}

/** A position older than this is shown as stale on the map. */
export const STALE_AFTER_MS = 5 * 60_000;

export function isStale(fixTime: Date, now: Date): boolean {
  return now.getTime() - fixTime.getTime() > STALE_AFTER_MS;
}
