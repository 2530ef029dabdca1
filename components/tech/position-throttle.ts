/**
 * When the phone sends its position: after moving more than 50 m since the last fix it sent,
 * or once a minute when it stays put. Pure, so the rule is tested apart from the Geolocation API.
 */
export interface Fix {
  lat: number;
  lng: number;
  timestamp: number;
  accuracy?: number | null;
  heading?: number | null;
  speed?: number | null;
}

export const MIN_DISTANCE_M = 50;
export const MAX_SILENCE_MS = 60_000;

/** Great-circle distance in metres. */
export function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const radius = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * radius * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** `lastSent` is the fix last sent and when it was sent (the phone's clock). */
export function shouldSend(lastSent: { fix: Fix; at: number } | null, fix: Fix, now: number): boolean {
  if (!lastSent) return true;
  if (fix.timestamp <= lastSent.fix.timestamp) return false;
  return distanceM(lastSent.fix, fix) > MIN_DISTANCE_M || now - lastSent.at >= MAX_SILENCE_MS;
}
