import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { staffUsers } from "./auth";

/**
 * What an administrator changed in the office's settings (/office/settings), one row per section
 * (`provider`, `dunning`, `reminders`). A section with no row reads the configuration's values
 * (environment variables and their defaults); once saved, the row wins. Values are checked with
 * the configuration's own schemas before they are written (server/services/settings).
 */
export const appSettings = pgTable("app_settings", {
  section: text().primaryKey(),
  value: jsonb().$type<Record<string, unknown>>().notNull(),
  updatedBy: text().references(() => staffUsers.id),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * A file about to be written by a transaction that records it (a job photo, a signature): the
 * row is committed before the write and deleted by the transaction that records the file. A row
 * that outlives its transaction names a file nothing refers to; the orphan-files sweeper removes
 * both (server/services/sweepers/orphan-files.ts).
 */
export const storageIntents = pgTable("storage_intents", {
  storageKey: text().primaryKey(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
