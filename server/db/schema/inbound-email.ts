import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { staffUsers } from "./auth";
import { customers } from "./customers";
import { ticketMessages, tickets } from "./tickets";

/**
 * What became of an inbound email: added to a ticket, or waiting in the unmatched inbox because
 * its sender's address is on no customer or on several.
 */
export const inboundEmailOutcome = pgEnum("inbound_email_outcome", ["ticket", "unknown-sender", "several-customers"]);

/** A kept attachment of an email that waits in the inbox: stored already, recorded on the ticket once filed. */
export interface HeldAttachment {
  storageKey: string;
  fileName: string;
  contentType: string;
  bytes: number;
}

/**
 * Every email the inbound webhook accepted, once per Message-ID: the unique id is claimed in the
 * transaction that writes the message, so a relay's retry or a replayed delivery adds nothing.
 * Rows with outcome unknown-sender or several-customers and no resolvedAt are the unmatched email
 * inbox (the sibling of inbound_sms's): an agent files them, nobody guesses.
 */
export const inboundEmails = pgTable(
  "inbound_emails",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    /** The sender's Message-ID, `<…>`; a digest of the raw bytes when the message had none. */
    messageId: text().notNull().unique(),
    /** The From address, lowercased. */
    fromAddress: text().notNull(),
    fromName: text().notNull().default(""),
    subject: text().notNull(),
    /** The customer's new words (quoted history trimmed), with a line for each attachment not kept. */
    body: text().notNull(),
    outcome: inboundEmailOutcome().notNull(),
    /** A ticket the message named (headers or subject) that is not the sender's customer's: shown, never used. */
    ignoredTicketRef: integer(),
    /** Kept attachments of an inbox entry, recorded on the ticket when an agent files it. */
    heldAttachments: jsonb().$type<HeldAttachment[]>().notNull().default([]),
    customerId: integer().references(() => customers.id, { onDelete: "set null" }),
    ticketId: integer().references(() => tickets.id, { onDelete: "set null" }),
    ticketMessageId: integer().references(() => ticketMessages.id, { onDelete: "set null" }),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedById: text().references(() => staffUsers.id),
  },
  (t) => [
    index("inbound_emails_unmatched_index")
      .on(t.receivedAt)
      .where(sql`outcome IN ('unknown-sender', 'several-customers') AND resolved_at IS NULL`),
    index().on(t.fromAddress),
  ],
);
