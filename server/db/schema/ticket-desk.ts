import { boolean, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { staffUsers } from "./auth";

/**
 * Canned replies (the support desk's saved answers), in both languages. Bodies hold `{variables}`
 * filled in from the ticket (lib/domain/ticket-desk/canned-replies.ts). Admins manage them; a
 * retired one is kept (active = false) so the history of who wrote what stays readable.
 */
export const cannedReplies = pgTable("canned_replies", {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  title: text().notNull(),
  bodyFr: text().notNull(),
  bodyEn: text().notNull(),
  active: boolean().notNull().default(true),
  updatedById: text().references(() => staffUsers.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
