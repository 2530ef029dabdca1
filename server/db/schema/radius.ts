import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { serviceSubscriptions } from "./services";

/**
 * Subscriber sessions as the NAS reports them through FreeRADIUS's accounting (start, interim,
 * stop). A session is named by its NAS and Acct-Session-Id; a record sent again (a NAS retries
 * until FreeRADIUS answers) only moves the row forward: counters never go back, a stop stays.
 */
export const radiusSessions = pgTable(
  "radius_sessions",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    /** NAS-IP-Address, else NAS-Identifier. */
    nas: text().notNull(),
    /** Where a Disconnect-Request for this session goes; null when the NAS sent only an identifier. */
    nasIp: text(),
    sessionId: text().notNull(),
    userName: text(),
    subscriptionId: integer().references(() => serviceSubscriptions.id),
    framedIp: text(),
    /** Octets from the subscriber (Acct-Input). */
    bytesIn: bigint({ mode: "number" }).notNull().default(0),
    /** Octets to the subscriber (Acct-Output). */
    bytesOut: bigint({ mode: "number" }).notNull().default(0),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    stoppedAt: timestamp({ withTimezone: true }),
    terminateCause: text(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("radius_sessions_nas_session").on(t.nas, t.sessionId),
    index().on(t.subscriptionId, t.startedAt),
    index("radius_sessions_open_by_user")
      .on(t.userName)
      .where(sql`${t.stoppedAt} is null`),
  ],
);

/**
 * A change of a subscriber's RADIUS access (suspension, reactivation, cancellation, a new plan's rate) that the NAS
 * must hear about at once: written in the transaction of the change, then delivered after the
 * commit as a Disconnect-Request (RFC 5176) to the NAS of each open session, so the subscriber
 * re-authenticates under the new answer. `results` keeps each session's outcome, so a retry
 * sends only to sessions that have not answered and a change is never sent twice to one session.
 */
export const radiusAccessChanges = pgTable(
  "radius_access_changes",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    subscriptionId: integer()
      .notNull()
      .references(() => serviceSubscriptions.id),
    userName: text().notNull(),
    /** suspend, reactivate, cancel or plan_change (a new rate limit). */
    reason: text().notNull(),
    /** pending → sending → done | failed (pending again between retries). */
    state: text().notNull().default("pending"),
    attempts: smallint().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Per session: { session, nas, outcome: ack | nak | timeout | no_secret, error? }. */
    results: jsonb().$type<AccessChangeResult[]>().notNull().default([]),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    doneAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("radius_access_changes_due")
      .on(t.nextAttemptAt)
      .where(sql`${t.state} in ('pending', 'sending')`),
    index().on(t.subscriptionId),
    check("radius_access_changes_state", sql`${t.state} in ('pending', 'sending', 'done', 'failed')`),
  ],
);

export interface AccessChangeResult {
  /** radius_sessions.id */
  session: number;
  nas: string;
  outcome: "ack" | "nak" | "timeout" | "no_secret";
  error?: string;
}
