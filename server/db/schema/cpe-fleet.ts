import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { cpeTasks } from "./cpe-tasks";
import { serviceEquipment } from "./services";

/**
 * A firmware image pushed to a selection of devices through the ACS, as a background job that
 * keeps at most `concurrency` devices in flight (sent, not yet applied or faulted). `running` runs
 * are worked by the `network.fleet-push` job; `paused` ones keep their items where they are until
 * resumed; `finished` once every item is applied or faulted.
 */
export const cpeFleetRuns = pgTable(
  "cpe_fleet_runs",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    fileName: text().notNull(),
    /** What chose the devices: { model, firmware, oltName, locationIds }, as the admin set it. */
    selection: jsonb().$type<Record<string, unknown>>().notNull(),
    status: text().notNull().default("running"),
    concurrency: smallint().notNull(),
    createdBy: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    check("cpe_fleet_runs_status", sql`${t.status} in ('running', 'paused', 'finished')`),
    check("cpe_fleet_runs_concurrency", sql`${t.concurrency} between 1 and 50`),
  ],
);

/** One device of a run: queued (not sent yet), sent (the ACS holds the download), applied or faulted. */
export const cpeFleetItems = pgTable(
  "cpe_fleet_items",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    runId: integer()
      .notNull()
      .references(() => cpeFleetRuns.id),
    equipmentId: integer()
      .notNull()
      .references(() => serviceEquipment.id),
    status: text().notNull().default("queued"),
    cpeTaskId: integer().references(() => cpeTasks.id),
    faultCode: text(),
    faultMessage: text(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.runId, t.equipmentId),
    index().on(t.runId, t.status),
    check("cpe_fleet_items_status", sql`${t.status} in ('queued', 'sent', 'applied', 'faulted')`),
  ],
);
