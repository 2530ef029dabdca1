import { boolean, index, integer, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { customers } from "./customers";
import { portalUsers } from "./auth";

export const consentChannel = pgEnum("consent_channel", ["email", "sms"]);

/**
 * Each consent given or withdrawn, never updated: Canada's anti-spam law (CASL) asks the sender
 * to prove when and how consent was given, so the history is kept, not only the current state.
 * A customer's current choice per channel is the newest row; no row at all means the implied
 * consent of an existing business relationship.
 */
export const customerConsents = pgTable(
  "customer_consents",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    customerId: integer()
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    channel: consentChannel().notNull(),
    granted: boolean().notNull(),
    /** Where the choice was made: "portal" (the customer), "office" (a clerk on the customer's word). */
    source: text().notNull(),
    /** The portal account that made the choice, when it was made in the portal. */
    portalUserId: text().references(() => portalUsers.id, { onDelete: "set null" }),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.customerId, t.channel, t.recordedAt)],
);
