/**
 * GPS devices and their credentials. An OsmAnd device proves itself with a per-device token:
 * - either one given at registration (`registerOsmAndDevice`), stored only as a SHA-256 hash,
 *   so a database leak does not let anyone move a technician's marker;
 * - or, for the trackers listed on the technicians (dispatch_technicians.gps_device_id), the
 *   provisioning token HMAC(the "gps-device-token" key derived from AUTH_SECRET, "osmand:" + device id), which `npm run gps:token`
 *   prints without touching the database; such a device is created on its first fix.
 * A device row set inactive refuses both.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { deriveKey } from "../../crypto/derive-key";
import type { Queryable } from "../../db/client";
import { dispatchTechnicians, gpsDevices } from "../../db/schema";
import { NotFoundError, RuleViolationError } from "../errors";

export type GpsDevice = typeof gpsDevices.$inferSelect;

const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/** The provisioning token of an OsmAnd device id (see the module comment). */
export function provisioningToken(externalId: string, authSecret: string): string {
  return createHmac("sha256", deriveKey(authSecret, "gps-device-token"))
    .update(`osmand:${externalId}`, "utf8")
    .digest("base64url");
}

function sameSecret(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(hashToken(a), "hex"), Buffer.from(hashToken(b), "hex")];
  return timingSafeEqual(x, y);
}

/** Creates (or re-keys) the OsmAnd device `externalId` for a technician; returns the new token, shown once. */
export async function registerOsmAndDevice(
  db: Queryable,
  input: { technicianId: number; externalId: string; name?: string },
): Promise<{ device: GpsDevice; token: string }> {
  const externalId = input.externalId.trim();
  if (!/^[A-Za-z0-9._:-]{1,64}$/.test(externalId))
    throw new RuleViolationError(
      "the device id must be 1 to 64 letters, digits, dots, dashes, colons or underscores",
      "externalId",
      { key: "errors.gps.deviceId" },
    );
  const [technician] = await db
    .select({ id: dispatchTechnicians.id, name: dispatchTechnicians.name })
    .from(dispatchTechnicians)
    .where(eq(dispatchTechnicians.id, input.technicianId));
  if (!technician) throw new NotFoundError("technician", input.technicianId);
  const token = randomBytes(24).toString("base64url");
  const [device] = await db
    .insert(gpsDevices)
    .values({
      source: "osmand",
      externalId,
      technicianId: technician.id,
      name: input.name ?? `${technician.name} (OsmAnd)`,
      tokenHash: hashToken(token),
    })
    .onConflictDoUpdate({
      target: [gpsDevices.source, gpsDevices.externalId],
      set: { technicianId: technician.id, tokenHash: hashToken(token), active: true },
    })
    .returning();
  return { device: device!, token };
}

/** The active OsmAnd device with this id and token, or null (unknown id and wrong token look the same). */
export async function authenticateOsmAndDevice(
  db: Queryable,
  externalId: string,
  token: string,
  authSecret: string,
): Promise<GpsDevice | null> {
  if (!externalId || !token) return null;
  const [device] = await db
    .select()
    .from(gpsDevices)
    .where(and(eq(gpsDevices.source, "osmand"), eq(gpsDevices.externalId, externalId)));
  if (device) {
    if (!device.active) return null;
    if (device.tokenHash) {
      const given = Buffer.from(hashToken(token), "hex");
      const stored = Buffer.from(device.tokenHash, "hex");
      return given.length === stored.length && timingSafeEqual(given, stored) ? device : null;
    }
  }
  if (!sameSecret(token, provisioningToken(externalId, authSecret))) return null;
  if (device) return device;
  const [technician] = await db
    .select({ id: dispatchTechnicians.id, name: dispatchTechnicians.name })
    .from(dispatchTechnicians)
    .where(eq(dispatchTechnicians.gpsDeviceId, externalId));
  if (!technician) return null;
  const [created] = await db
    .insert(gpsDevices)
    .values({ source: "osmand", externalId, technicianId: technician.id, name: `${technician.name} (${externalId})` })
    .onConflictDoUpdate({ target: [gpsDevices.source, gpsDevices.externalId], set: { technicianId: technician.id } })
    .returning();
  return created ?? null;
}

/** The device a source reports as, created on first use (Traccar devices, browsers). */
export async function deviceFor(
  db: Queryable,
  input: { source: "traccar" | "browser"; externalId: string; technicianId: number | null; name: string },
): Promise<GpsDevice> {
  const [device] = await db
    .insert(gpsDevices)
    .values({ source: input.source, externalId: input.externalId, technicianId: input.technicianId, name: input.name })
    .onConflictDoUpdate({
      target: [gpsDevices.source, gpsDevices.externalId],
      set: { technicianId: input.technicianId },
    })
    .returning();
  return device!;
}

/**
 * authenticateOsmAndDevice with a short memory of devices that authenticated, for trackers
 * that report every second: the token is still checked on every request, only the device
 * row is remembered. A deactivated device is refused at most `ttlMs` later.
 * The remembered token is compared in constant time with the one presented; tokens of another
 * length are refused at once, which tells an attacker only the length, the same for every
 * device (32 random bytes or an HMAC-SHA256, in base64url). Hashing the token on every hit
 * instead was a quarter of the endpoint's own CPU time at 500 fixes/s (bench/gps.ts).
 * An expired entry is renewed in the background while the fix that found it goes on with the
 * device it names (same token only): a fleet of 2,000 trackers would otherwise stall about 70
 * fixes a second behind a database query each, the slowest part of their way to the map when the
 * database is busy. So a deactivated or re-keyed device is refused from the first request after
 * the renewal that saw it, at most `ttlMs` and one request later.
 */
export function cachedOsmAndAuthenticator(
  db: Queryable,
  authSecret: string,
  ttlMs = 30_000,
): (externalId: string, token: string) => Promise<GpsDevice | null> {
  const known = new Map<string, { device: GpsDevice; token: Buffer; until: number; renewing: boolean }>();
  const lookUp = async (externalId: string, token: string) => {
    const device = await authenticateOsmAndDevice(db, externalId, token, authSecret);
    if (device)
      known.set(externalId, { device, token: Buffer.from(token, "utf8"), until: Date.now() + ttlMs, renewing: false });
    else known.delete(externalId);
    return device;
  };
  return async (externalId, token) => {
    if (!externalId || !token) return null;
    const hit = known.get(externalId);
    if (hit) {
      const given = Buffer.from(token, "utf8");
      const same = given.length === hit.token.length && timingSafeEqual(given, hit.token);
      if (same && hit.until <= Date.now() && !hit.renewing) {
        hit.renewing = true;
        lookUp(externalId, token).catch((error: unknown) => {
          // Kept as it was: the next expired hit tries again.
          hit.renewing = false;
          console.error("osmand: renewing a device's authentication failed:", error);
        });
      }
      if (same) return hit.device;
      // Another token: the database decides (a device re-keyed since it was remembered).
      if (hit.until > Date.now()) return null;
    }
    return lookUp(externalId, token);
  };
}
