import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { customers, serviceLocations } from "./customers";
import { items } from "./catalog";

export const subscriptionStatus = pgEnum("subscription_status", ["pending", "active", "suspended", "cancelled"]);
export const radiusStatus = pgEnum("radius_status", ["enabled", "suspended", "disabled"]);
export const equipmentKind = pgEnum("equipment_kind", ["ont", "router", "tv_box", "phone_adapter"]);
export const equipmentStatus = pgEnum("equipment_status", [
  "in_stock",
  "installed",
  "removed",
  "defective",
  "returned",
]);

export const serviceSubscriptions = pgTable(
  "service_subscriptions",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    legacyId: text().unique(),
    customerId: integer()
      .notNull()
      .references(() => customers.id),
    locationId: integer()
      .notNull()
      .references(() => serviceLocations.id),
    itemId: integer()
      .notNull()
      .references(() => items.id),
    status: subscriptionStatus().notNull().default("pending"),
    startDate: date({ mode: "string" }).notNull(),
    endDate: date({ mode: "string" }),
    billingDay: smallint().notNull().default(1),
    priceOverrideCents: integer(),
    campaignCode: text(),
    /** Taken off every period's price, never below 0 (ADR 0003). */
    campaignDiscountCents: integer(),
    campaignGiftCents: integer(),
    commitmentMonths: smallint(),
    /** First suspended day, while status = suspended: its credit is computed at resume. */
    suspendedSince: date({ mode: "string" }),
    /** Suspended by dunning (not at the customer's request): paying the overdue invoices reactivates it. */
    suspendedForDunning: boolean().notNull().default(false),
    radiusUsername: text().unique(),
    // AES-256-GCM with the application key (server/crypto/secret-box.ts); never plain text.
    radiusPasswordEncrypted: text(),
    radiusStatus: radiusStatus().notNull().default("enabled"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.customerId),
    index().on(t.locationId),
    index().on(t.itemId),
    index().on(t.status, t.billingDay),
    check("subscriptions_billing_day", sql`${t.billingDay} between 1 and 28`),
    check("subscriptions_price_override", sql`${t.priceOverrideCents} is null or ${t.priceOverrideCents} >= 0`),
    check(
      "subscriptions_campaign_discount",
      sql`${t.campaignDiscountCents} is null or ${t.campaignDiscountCents} >= 0`,
    ),
    check("subscriptions_dates", sql`${t.endDate} is null or ${t.endDate} >= ${t.startDate}`),
  ],
);

export const serviceEquipment = pgTable(
  "service_equipment",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    kind: equipmentKind().notNull(),
    serial: text().notNull(),
    // Canonical form AA:BB:CC:DD:EE:FF (lib/domain/equipment.ts normalizes input).
    mac: text(),
    model: text(),
    firmware: text(),
    managementIp: text(),
    status: equipmentStatus().notNull().default("in_stock"),
    locationId: integer().references(() => serviceLocations.id),
    subscriptionId: integer().references(() => serviceSubscriptions.id),
    installedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("service_equipment_serial").on(sql`upper(${t.serial})`),
    uniqueIndex("service_equipment_mac").on(t.mac),
    check("service_equipment_mac_canonical", sql`${t.mac} is null or ${t.mac} ~ '^([0-9A-F]{2}:){5}[0-9A-F]{2}$'`),
    index().on(t.locationId),
    index().on(t.subscriptionId),
  ],
);

export const subscriptionChangeKind = pgEnum("subscription_change_kind", [
  "activation",
  "plan_change",
  "suspension",
  "resume",
  "cancellation",
  "price_override",
  "campaign",
]);

/**
 * The history of a subscription's changes, each with the invoice (or credit note) that carried
 * its lines, if any. A change is written with its invoice in one transaction.
 */
export const subscriptionChanges = pgTable(
  "subscription_changes",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    subscriptionId: integer()
      .notNull()
      .references(() => serviceSubscriptions.id),
    kind: subscriptionChangeKind().notNull(),
    effectiveDate: date({ mode: "string" }).notNull(),
    /** What changed, e.g. { fromItemId, toItemId } or { mode: "immediate" }. */
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    invoiceId: integer(),
    createdBy: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.subscriptionId, t.effectiveDate)],
);
