/**
 * What a subscriber's Access-Accept carries, per NAS vendor: the plan's rate limit, or the
 * walled-garden profile of a suspended subscriber. Each vendor reads its own attributes (the
 * names are FreeRADIUS dictionary names), so the attributes come from this table and the rest of
 * the product only knows "rate limit" and "walled garden".
 */

export const RADIUS_VENDORS = ["mikrotik", "wispr", "filter-id"] as const;
export type RadiusVendor = (typeof RADIUS_VENDORS)[number];

/** One reply attribute as FreeRADIUS names it. */
export interface ReplyAttribute {
  name: string;
  value: string | number;
}

/** A plan's speeds, in megabits per second; null when the plan states none (no limit is sent). */
export interface PlanRate {
  downloadMbps: number | null;
  uploadMbps: number | null;
}

interface VendorProfile {
  rateLimit(rate: { downloadMbps: number; uploadMbps: number }): ReplyAttribute[];
  walledGarden(name: string): ReplyAttribute[];
}

const MEGABIT = 1_000_000;

export const VENDOR_PROFILES: Record<RadiusVendor, VendorProfile> = {
  // RouterOS reads "rx/tx" from the router's side: rx is what the subscriber uploads.
  mikrotik: {
    rateLimit: ({ downloadMbps, uploadMbps }) => [
      { name: "Mikrotik-Rate-Limit", value: `${uploadMbps}M/${downloadMbps}M` },
    ],
    walledGarden: (name) => [{ name: "Mikrotik-Address-List", value: name }],
  },
  // WISPr (Wi-Fi Alliance) bandwidth attributes, in bits per second; the garden is a filter.
  wispr: {
    rateLimit: ({ downloadMbps, uploadMbps }) => [
      { name: "WISPr-Bandwidth-Max-Up", value: uploadMbps * MEGABIT },
      { name: "WISPr-Bandwidth-Max-Down", value: downloadMbps * MEGABIT },
    ],
    walledGarden: (name) => [{ name: "Filter-Id", value: name }],
  },
  // RFC 2865 Filter-Id: the NAS maps the name to a policy it already has.
  "filter-id": {
    rateLimit: ({ downloadMbps, uploadMbps }) => [{ name: "Filter-Id", value: `rate-${downloadMbps}M-${uploadMbps}M` }],
    walledGarden: (name) => [{ name: "Filter-Id", value: name }],
  },
};

/** The plan's rate limit for `vendor`; nothing when the plan does not state both speeds. */
export function rateLimitAttributes(vendor: RadiusVendor, rate: PlanRate): ReplyAttribute[] {
  const { downloadMbps, uploadMbps } = rate;
  if (!isSpeed(downloadMbps) || !isSpeed(uploadMbps)) return [];
  return VENDOR_PROFILES[vendor].rateLimit({ downloadMbps, uploadMbps });
}

export function walledGardenAttributes(vendor: RadiusVendor, name: string): ReplyAttribute[] {
  return VENDOR_PROFILES[vendor].walledGarden(name);
}

const isSpeed = (value: number | null): value is number => value !== null && Number.isSafeInteger(value) && value > 0;
