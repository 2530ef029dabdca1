import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  jsonb,
} from "drizzle-orm/pg-core";

export const language = pgEnum("language", ["fr", "en"]);
export const customerKind = pgEnum("customer_kind", ["residential", "business"]);
export const customerStatus = pgEnum("customer_status", ["active", "inactive", "prospect"]);
export const locationStatus = pgEnum("location_status", ["planned", "active", "suspended", "disconnected"]);
export const ipMode = pgEnum("ip_mode", ["dhcp", "static", "pppoe"]);

export const customers = pgTable(
  "customers",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    legacyAccountId: text().notNull().unique(),
    legacyCustomerId: text().notNull().unique(),
    kind: customerKind().notNull().default("residential"),
    status: customerStatus().notNull().default("active"),
    firstName: text(),
    lastName: text(),
    companyName: text(),
    displayName: text().notNull(),
    language: language().notNull().default("fr"),
    email: text(),
    phone: text(),
    // Digits only, so "450 555-0101", "(450) 555-0101" and "4505550101" all match.
    phoneDigits: text(),
    mobile: text(),
    billingAddress: text(),
    billingCity: text(),
    billingPostalCode: text(),
    preAuthorizedPayments: boolean().notNull().default(false),
    stripeCustomerId: text().unique(),
    /** The saved card or bank account charged automatically when preAuthorizedPayments is on. */
    stripeDefaultPaymentMethodId: text(),
    notes: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Search compares without accents (migration 0005 defines immutable_unaccent).
    index("customers_display_name_unaccent_trgm").using("gin", sql`immutable_unaccent(${t.displayName}) gin_trgm_ops`),
    index("customers_email_trgm").using("gin", sql`${t.email} gin_trgm_ops`),
    index("customers_phone_digits_trgm").using("gin", sql`${t.phoneDigits} gin_trgm_ops`),
    index("customers_mobile_trgm").using(
      "gin",
      sql`regexp_replace(coalesce(${t.mobile}, ''), '[^0-9]', '', 'g') gin_trgm_ops`,
    ),
  ],
);

export const serviceLocations = pgTable(
  "service_locations",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    legacyId: text().unique(),
    customerId: integer()
      .notNull()
      .references(() => customers.id),
    address: text().notNull(),
    unit: text(),
    city: text().notNull(),
    province: text().notNull().default("QC"),
    postalCode: text().notNull(),
    latitude: doublePrecision().notNull(),
    longitude: doublePrecision().notNull(),
    status: locationStatus().notNull().default("active"),
    oltName: text(),
    oltSlot: smallint(),
    oltPort: smallint(),
    ontId: smallint(),
    vlan: smallint(),
    ipMode: ipMode().notNull().default("dhcp"),
    staticIp: text(),
    // Other per-site network settings the legacy system kept free-form (gateway, DNS, TV VLAN...).
    networkSettings: jsonb().$type<Record<string, string | number | boolean>>().notNull().default({}),
    accessNotes: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.customerId),
    index("service_locations_address_unaccent_trgm").using(
      "gin",
      sql`immutable_unaccent(${t.address} || ' ' || ${t.city} || ' ' || ${t.postalCode}) gin_trgm_ops`,
    ),
    uniqueIndex("service_locations_olt_port_ont").on(t.oltName, t.oltSlot, t.oltPort, t.ontId),
    // A half-filled OLT position would escape the unique index (NULLs are distinct): all four or none.
    check(
      "service_locations_olt_complete",
      sql`num_nulls(${t.oltName}, ${t.oltSlot}, ${t.oltPort}, ${t.ontId}) in (0, 4)`,
    ),
  ],
);
