/** The dispatch map's service-location layer, as server/services/dispatch/map-data sends it. */

export const LOCATION_STATUS_CODES = ["planned", "active", "suspended", "disconnected"] as const;
export type LocationStatusName = (typeof LOCATION_STATUS_CODES)[number];

/**
 * Every service location as flat columns: 17,000 points as objects with repeated keys would
 * be three times the bytes, and the map turns them into GeoJSON itself. Coordinates are
 * rounded to 5 decimals (about a metre), which is as precise as a geocoded address.
 */
export interface LocationPoints {
  ids: number[];
  /** lng, lat, lng, lat, … */
  coordinates: number[];
  /** Index into LOCATION_STATUS_CODES, one per point. */
  statuses: number[];
}
