import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { DIAGNOSTIC_OUTCOMES, SIGNAL_QUALITIES, type StoredInterface } from "../../../lib/domain/network/diagnostics";
import { serviceEquipment } from "./services";
import { dispatchJobs } from "./dispatch";
import { INSTALL_CHECK_STATUSES } from "../../../lib/domain/network/install-check";

export const diagnosticOutcome = pgEnum("diagnostic_outcome", DIAGNOSTIC_OUTCOMES);
export const signalQuality = pgEnum("signal_quality", SIGNAL_QUALITIES);
export const installCheckStatus = pgEnum("install_check_status", INSTALL_CHECK_STATUSES);

/**
 * Where each ONT model reports its optical levels: vendors put them under their own OIDs, in
 * their own units. Seeded with defaults by the migration; an admin adds and edits rows.
 * `model` matches service_equipment.model, case-insensitively.
 */
export const snmpModelOids = pgTable(
  "snmp_model_oids",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    model: text().notNull(),
    rxPowerOid: text().notNull(),
    txPowerOid: text(),
    /** The raw value divided by this is dBm (100: the agent reports hundredths of a dBm). */
    valueDivisor: integer().notNull().default(1),
    updatedBy: text(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("snmp_model_oids_model").on(sql`lower(${t.model})`),
    check("snmp_model_oids_rx_oid", sql`${t.rxPowerOid} ~ '^[0-9]+(\\.[0-9]+)+$'`),
    check("snmp_model_oids_tx_oid", sql`${t.txPowerOid} is null or ${t.txPowerOid} ~ '^[0-9]+(\\.[0-9]+)+$'`),
    check("snmp_model_oids_divisor", sql`${t.valueDivisor} in (1, 10, 100, 1000)`),
  ],
);

/**
 * Every diagnostic asked for, answered or refused, with its time: the equipment record's history
 * and graphs, and the health summary (online, last seen, signal) read these rows.
 */
export const equipmentDiagnostics = pgTable(
  "equipment_diagnostics",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    equipmentId: integer()
      .notNull()
      .references(() => serviceEquipment.id),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The staff user who asked; null for the system (a sweep, an install check). */
    requestedBy: text(),
    outcome: diagnosticOutcome().notNull(),
    /** Why it was refused or failed: a key under errors.network, with its parameters. */
    reasonKey: text(),
    reasonParams: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** The address probed (canonical form), when the guard let one through. */
    address: text(),
    sysDescr: text(),
    uptimeHundredths: bigint({ mode: "number" }),
    interfaces: jsonb().$type<StoredInterface[]>().notNull().default([]),
    rxDbm: doublePrecision(),
    txDbm: doublePrecision(),
    signal: signalQuality(),
    /** ifInErrors + ifOutErrors over every interface, for the errors graph. */
    errorsTotal: bigint({ mode: "number" }),
    durationMs: integer(),
  },
  (t) => [index().on(t.equipmentId, t.at)],
);

/**
 * The network's word on a device a technician just installed: one row per device per completion
 * (the technician's action key), so a replayed action or a job delivered twice checks once.
 * Written pending in the technician's transaction, settled by the network.install-check job.
 */
export const installChecks = pgTable(
  "install_checks",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    jobId: integer()
      .notNull()
      .references(() => dispatchJobs.id, { onDelete: "cascade" }),
    equipmentId: integer()
      .notNull()
      .references(() => serviceEquipment.id),
    /** The phone action that asked for it: `done` or `equipment` (an install). */
    trigger: text().notNull(),
    /** The action's client key: with the device, what makes a completion checked once. */
    triggerKey: text().notNull(),
    status: installCheckStatus().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    /** The diagnostic that settled it (its levels and time are there). */
    diagnosticId: integer().references(() => equipmentDiagnostics.id),
    reasonKey: text(),
    reasonParams: jsonb().$type<Record<string, string>>().notNull().default({}),
    requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    checkedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex().on(t.triggerKey, t.equipmentId), index().on(t.jobId)],
);
