import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  pgEnum,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { dispatchTechnicians } from "./dispatch";

export const gpsSource = pgEnum("gps_source", ["osmand", "traccar", "browser"]);

/**
 * A tracker that reports positions for a technician: a phone app or vehicle tracker speaking
 * OsmAnd (authenticated by a per-device token, stored hashed), a Traccar device (by its
 * unique id), or the technician's browser.
 */
export const gpsDevices = pgTable(
  "gps_devices",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    source: gpsSource().notNull(),
    /** OsmAnd `id` parameter, Traccar `uniqueId`, or `browser:<staff user id>`. */
    externalId: text().notNull(),
    technicianId: integer().references(() => dispatchTechnicians.id),
    name: text().notNull(),
    /** SHA-256 (hex) of the OsmAnd device token; null for sources that authenticate otherwise. */
    tokenHash: text(),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("gps_devices_source_external_id").on(t.source, t.externalId), index().on(t.technicianId)],
);

/** Every accepted fix. A device reports a given fix time once: replays and duplicates are ignored. */
export const gpsPositions = pgTable(
  "gps_positions",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    deviceId: integer()
      .notNull()
      .references(() => gpsDevices.id, { onDelete: "cascade" }),
    technicianId: integer().references(() => dispatchTechnicians.id),
    fixTime: timestamp({ withTimezone: true }).notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lat: doublePrecision().notNull(),
    lng: doublePrecision().notNull(),
    speedKmh: real(),
    heading: real(),
    accuracyM: real(),
    altitudeM: real(),
    battery: real(),
  },
  (t) => [
    uniqueIndex("gps_positions_device_fix_time").on(t.deviceId, t.fixTime),
    index().on(t.technicianId, t.fixTime),
    // Retention prunes by fix time.
    index().on(t.fixTime),
    check("gps_positions_lat", sql`${t.lat} between -90 and 90`),
    check("gps_positions_lng", sql`${t.lng} between -180 and 180`),
  ],
);

/**
 * The newest fix per technician by fix time (not by arrival), kept by a conditional upsert so
 * a late fix never replaces a newer one. The map reads this, never the history.
 */
export const technicianLatestPositions = pgTable("technician_latest_positions", {
  technicianId: integer()
    .primaryKey()
    .references(() => dispatchTechnicians.id),
  deviceId: integer()
    .notNull()
    .references(() => gpsDevices.id, { onDelete: "cascade" }),
  source: gpsSource().notNull(),
  fixTime: timestamp({ withTimezone: true }).notNull(),
  receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lat: doublePrecision().notNull(),
  lng: doublePrecision().notNull(),
  speedKmh: real(),
  heading: real(),
  accuracyM: real(),
});
