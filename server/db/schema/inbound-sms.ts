import { sql } from "drizzle-orm";
import { index, integer, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { staffUsers } from "./auth";
import { customers } from "./customers";
import { ticketMessages, tickets } from "./tickets";

/**
 * What became of an inbound SMS: added to a ticket, waiting in the unmatched inbox (nobody or
 * several customers on the number), a carrier keyword (STOP, START) recorded as consent, or an
 * answer to an appointment reminder recorded on the visit (visit_responses; a reschedule request
 * also opens a ticket, named on the row).
 */
export const inboundSmsOutcome = pgEnum("inbound_sms_outcome", [
  "ticket",
  "unknown-number",
  "several-customers",
  "opt-out",
  "opt-in",
  "visit-answer",
]);

/**
 * Every SMS Twilio delivered to our webhook, once per MessageSid: the unique sid is claimed in
 * the transaction that writes the message, so a retried or replayed webhook adds nothing. Rows
 * with outcome unknown-number or several-customers and no resolvedAt are the unmatched inbox an
 * agent works through (never a ticket on a customer guessed for them).
 */
export const inboundSms = pgTable(
  "inbound_sms",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    messageSid: text().notNull().unique(),
    /** The sender, E.164 as Twilio gives it. */
    fromNumber: text().notNull(),
    body: text().notNull(),
    outcome: inboundSmsOutcome().notNull(),
    /** The customer it was filed under; null in the unmatched inbox until resolved. */
    customerId: integer().references(() => customers.id, { onDelete: "set null" }),
    ticketId: integer().references(() => tickets.id, { onDelete: "set null" }),
    ticketMessageId: integer().references(() => ticketMessages.id, { onDelete: "set null" }),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedById: text().references(() => staffUsers.id),
  },
  (t) => [
    index("inbound_sms_unmatched_index")
      .on(t.receivedAt)
      .where(sql`outcome IN ('unknown-number', 'several-customers') AND resolved_at IS NULL`),
    index().on(t.fromNumber),
  ],
);

/**
 * Numbers that answered STOP (or ARRÊT...), whoever they belong to: the send-once ledger sends
 * no SMS to a number here, whatever customer, job or reminder asks, until it answers START.
 * Kept by number, not by customer, because the number is what opted out: it may be on no
 * customer, on several, or move to another customer later.
 */
export const smsOptOuts = pgTable("sms_opt_outs", {
  /** E.164. */
  number: text().primaryKey(),
  /** The inbound message that opted out (its MessageSid). */
  messageSid: text().notNull(),
  optedOutAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
