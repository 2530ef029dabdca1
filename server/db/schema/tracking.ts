import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { dispatchJobs } from "./dispatch";

/**
 * The customer's "technician on the way" link, one per job. Only the SHA-256 of the token is
 * kept: the token itself exists in the SMS and nowhere else, so a database leak opens no page.
 * A new token replaces the old one only when the SMS carrying it is about to be sent (an
 * earlier attempt that failed never reached anybody).
 */
export const trackingLinks = pgTable("tracking_links", {
  jobId: integer()
    .primaryKey()
    .references(() => dispatchJobs.id, { onDelete: "cascade" }),
  /** SHA-256 (hex) of the token in the link. */
  tokenHash: text().notNull().unique(),
  /** Null while the job is open; done time + 1 h once done; the cancellation time if cancelled. */
  expiresAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
