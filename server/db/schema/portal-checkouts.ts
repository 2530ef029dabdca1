import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { customers } from "./customers";
import { invoices, payments } from "./billing";

/**
 * A Stripe Checkout session a customer started from the portal: paying one invoice (invoiceId),
 * the whole balance (invoiceId null, mode payment), or saving a card (mode setup). The row is
 * written before Stripe is called, so the session's metadata can name it (`portal_checkout`),
 * and its owner is checked against it on the return page and when the webhook lands.
 */
export const portalCheckouts = pgTable(
  "portal_checkouts",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    customerId: integer()
      .notNull()
      .references(() => customers.id),
    /** payment or setup, as Stripe's Checkout modes. */
    mode: text().notNull(),
    invoiceId: integer().references(() => invoices.id),
    amountCents: integer(),
    stripeSessionId: text().unique(),
    /** creating → open → paid | enrolled | failed. */
    status: text().notNull().default("creating"),
    stripePaymentIntentId: text(),
    paymentId: integer().references(() => payments.id),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index().on(t.customerId),
    check("portal_checkouts_mode", sql`${t.mode} in ('payment', 'setup')`),
    check("portal_checkouts_amount", sql`${t.mode} = 'setup' or ${t.amountCents} > 0`),
  ],
);
