import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { serviceEquipment } from "./services";

/**
 * Every remote action sent to a device through the ACS (TR-069 over GenieACS), with where it
 * stands: `queued` (GenieACS holds it until the device's next session), `done` (the device ran it),
 * `fault` (GenieACS's fault code and message, or our own `acs.*` code when the ACS refused or could
 * not be reached, so that a failed attempt is kept with its reason). The ACS's own ids are kept to
 * follow the task; the device is always the equipment's, found by its serial, never named by input.
 * `details` says what was asked (the network and new name, "password changed", the firmware file),
 * never a password.
 */
export const cpeTasks = pgTable(
  "cpe_tasks",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    equipmentId: integer()
      .notNull()
      .references(() => serviceEquipment.id),
    /** GenieACS's device id (OUI-ProductClass-Serial); null when no device was found. */
    acsDeviceId: text(),
    /** GenieACS's task id; null when the task was never accepted. */
    acsTaskId: text(),
    /** reboot, status (getParameterValues), refresh (refreshObject), wifi (setParameterValues), firmware (download). */
    kind: text().notNull(),
    status: text().notNull(),
    faultCode: text(),
    faultMessage: text(),
    details: jsonb().$type<Record<string, string | number | boolean | null>>().notNull().default({}),
    requestedRealm: text().notNull(),
    requestedBy: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index().on(t.equipmentId, t.id),
    index("cpe_tasks_queued")
      .on(t.id)
      .where(sql`${t.status} = 'queued'`),
    check("cpe_tasks_kind", sql`${t.kind} in ('reboot', 'status', 'refresh', 'wifi', 'firmware')`),
    check("cpe_tasks_status", sql`${t.status} in ('queued', 'done', 'fault')`),
    check("cpe_tasks_realm", sql`${t.requestedRealm} in ('staff', 'customer', 'system')`),
  ],
);
