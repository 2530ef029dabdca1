import { boolean, check, integer, pgEnum, pgTable, text } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

export const itemKind = pgEnum("item_kind", ["internet", "tv", "phone", "equipment", "service", "fee"]);
export const itemBilling = pgEnum("item_billing", ["recurring", "one_time"]);

/** Plans and products. Prices are integer cents, before taxes. */
export const items = pgTable(
  "items",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    sku: text().notNull().unique(),
    nameFr: text().notNull(),
    nameEn: text().notNull(),
    kind: itemKind().notNull(),
    billing: itemBilling().notNull(),
    priceCents: integer().notNull(),
    downloadMbps: integer(),
    uploadMbps: integer(),
    oltProfile: text(),
    active: boolean().notNull().default(true),
  },
  (t) => [check("items_price_non_negative", sql`${t.priceCents} >= 0`)],
);
