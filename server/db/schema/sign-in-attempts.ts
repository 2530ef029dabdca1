import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Sign-in attempts counted per client address and per account, in fixed windows, shared by every
 * instance of the app (server/services/auth/sign-in-attempts.ts). A key is `<realm>:ip:<address>`
 * or `<realm>:account:<email>`; a row whose window has ended counts as zero.
 */
export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    key: text().primaryKey(),
    attempts: integer().notNull(),
    windowEndsAt: timestamp({ withTimezone: true }).notNull(),
  },
  (table) => [index("sign_in_attempts_window_ends_at_idx").on(table.windowEndsAt)],
);
