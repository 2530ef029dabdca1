import { sql } from "drizzle-orm";
import { customType, index, integer, pgTable, timestamp } from "drizzle-orm/pg-core";
import { tickets } from "./tickets";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/**
 * One full-text document per ticket: its subject (weight A) and every message body, parsed
 * with French and English stemming, accents removed, and the subject's own parse. Written only by triggers on tickets and
 * ticket_messages (migration ticket_search), so every writer keeps it in step. It lives beside
 * tickets rather than in them so list scans and `select *` never carry it.
 */
export const ticketSearchDocuments = pgTable(
  "ticket_search_documents",
  {
    ticketId: integer()
      .primaryKey()
      .references(() => tickets.id, { onDelete: "cascade" }),
    /** The ticket's, copied: ranked results fall back to recency without a join. */
    createdAt: timestamp({ withTimezone: true }).notNull(),
    document: tsvector().notNull(),
    /** The subject alone: a ticket whose subject holds every word ranks above one that matches elsewhere. */
    subjectDocument: tsvector()
      .notNull()
      .default(sql`''::tsvector`),
  },
  (t) => [
    index("ticket_search_documents_document_gin").using("gin", t.document),
    index("ticket_search_documents_subject_gin").using("gin", t.subjectDocument),
    // Newest first within a rank (read backwards): for a common word, walking it finds a page in a few rows.
    index("ticket_search_documents_recency_index").on(t.createdAt, t.ticketId),
  ],
);
