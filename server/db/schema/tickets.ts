import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { TICKET_STATUSES, TICKET_TEAMS, TICKET_TYPES } from "../../../lib/domain/tickets";
import { customers, serviceLocations } from "./customers";
import { staffUsers } from "./auth";
import { outboundMessages } from "./billing";

export const ticketType = pgEnum("ticket_type", TICKET_TYPES);
export const ticketStatus = pgEnum("ticket_status", TICKET_STATUSES);
export const messageChannel = pgEnum("message_channel", ["note", "email", "sms", "portal"]);
export const ticketTeam = pgEnum("ticket_team", TICKET_TEAMS);
export const messageAuthorKind = pgEnum("message_author_kind", ["staff", "customer", "system"]);

export const tickets = pgTable(
  "tickets",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    legacyId: text().unique(),
    parentId: integer().references((): AnyPgColumn => tickets.id),
    subject: text().notNull(),
    type: ticketType().notNull(),
    status: ticketStatus().notNull().default("open"),
    important: boolean().notNull().default(false),
    customerId: integer().references(() => customers.id),
    locationId: integer().references(() => serviceLocations.id),
    assignedToId: text().references(() => staffUsers.id),
    /** The team queue the ticket waits in; a person (assignedToId) may take it from there. */
    assignedTeam: ticketTeam(),
    /** When the ticket is due to be resolved (its SLA policy's resolution target). */
    slaDueAt: timestamp({ withTimezone: true }),
    /** When the first public staff reply is due; `firstRespondedAt` is when it came. */
    firstResponseDueAt: timestamp({ withTimezone: true }),
    firstRespondedAt: timestamp({ withTimezone: true }),
    /**
     * The deadline the desk is racing now: none once resolved or closed, the earlier of the two
     * while unanswered, else the resolution's. Kept by PostgreSQL, so the breaching view is one
     * index range, whoever changes the ticket.
     */
    slaNextDueAt: timestamp({ withTimezone: true }).generatedAlwaysAs(
      sql`CASE WHEN status IN ('resolved', 'closed') THEN NULL WHEN first_responded_at IS NULL THEN LEAST(first_response_due_at, sla_due_at) ELSE sla_due_at END`,
    ),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index().on(t.customerId, t.createdAt),
    index().on(t.status, t.createdAt),
    index().on(t.createdAt),
    index().on(t.assignedToId, t.status),
    index().on(t.parentId),
    index().on(t.locationId),
    index("tickets_sla_next_due_at_id_index")
      .on(t.slaNextDueAt, t.id)
      .where(sql`sla_next_due_at IS NOT NULL`),
  ],
);

export const ticketMessages = pgTable(
  "ticket_messages",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    ticketId: integer()
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    channel: messageChannel().notNull(),
    authorKind: messageAuthorKind().notNull(),
    authorStaffId: text().references(() => staffUsers.id),
    authorName: text().notNull(),
    body: text().notNull(),
    // Internal notes are never shown to the customer.
    internal: boolean().notNull().default(false),
    /** The client's idempotency key for the request that wrote it: a retried request finds this row. */
    requestKey: text(),
    /** The email's Message-ID (ours for a reply sent by email, the sender's for one received), for threading. */
    emailMessageId: text(),
    /** The outbound_messages row that carried a public reply by email or SMS (send-once ledger). */
    outboundMessageId: integer().references(() => outboundMessages.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.ticketId, t.createdAt),
    index().on(t.authorStaffId),
    uniqueIndex().on(t.ticketId, t.requestKey),
    index().on(t.emailMessageId),
  ],
);

/**
 * A file that came with a ticket message: a customer's photo from the portal, or an attachment of an
 * inbound email. The bytes live in file storage (`ticketAttachmentStorageKey`); `ticketId` repeats the
 * message's ticket so an access check is one lookup.
 */
export const ticketAttachments = pgTable(
  "ticket_attachments",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    ticketId: integer()
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    messageId: integer()
      .notNull()
      .references(() => ticketMessages.id, { onDelete: "cascade" }),
    storageKey: text().notNull().unique(),
    /** The name the sender gave the file, shown and offered on download; never used as a path. */
    fileName: text().notNull(),
    contentType: text().notNull(),
    bytes: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.messageId), index().on(t.ticketId)],
);
