import { type AnyPgColumn, boolean, index, integer, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { customers, language } from "./customers";
import { STAFF_ROLES } from "../../../lib/domain/roles";

/**
 * Two realms, two sets of tables: staff and customers never share a sign-in page,
 * a cookie or a session row. Each set follows better-auth's core schema
 * (user, session, account, verification) with the realm's own extra fields.
 */
export const staffRole = pgEnum("staff_role", STAFF_ROLES);

const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
};

/** better-auth's session, account and verification tables, one set per realm. */
function realmTables(prefix: "staff" | "portal", users: { id: AnyPgColumn }) {
  const sessions = pgTable(
    `${prefix}_sessions`,
    {
      id: text().primaryKey(),
      expiresAt: timestamp({ withTimezone: true }).notNull(),
      token: text().notNull().unique(),
      ipAddress: text(),
      userAgent: text(),
      userId: text()
        .notNull()
        .references(() => users.id, { onDelete: "cascade" }),
      ...timestamps,
    },
    (t) => [index().on(t.userId)],
  );

  const accounts = pgTable(
    `${prefix}_accounts`,
    {
      id: text().primaryKey(),
      accountId: text().notNull(),
      providerId: text().notNull(),
      userId: text()
        .notNull()
        .references(() => users.id, { onDelete: "cascade" }),
      accessToken: text(),
      refreshToken: text(),
      idToken: text(),
      accessTokenExpiresAt: timestamp({ withTimezone: true }),
      refreshTokenExpiresAt: timestamp({ withTimezone: true }),
      scope: text(),
      password: text(),
      ...timestamps,
    },
    (t) => [index().on(t.userId)],
  );

  const verifications = pgTable(`${prefix}_verifications`, {
    id: text().primaryKey(),
    identifier: text().notNull(),
    value: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    ...timestamps,
  });
  return { sessions, accounts, verifications };
}

export const staffUsers = pgTable("staff_users", {
  id: text().primaryKey(),
  name: text().notNull(),
  email: text().notNull().unique(),
  emailVerified: boolean().notNull().default(false),
  image: text(),
  role: staffRole().notNull().default("support"),
  language: language().notNull().default("fr"),
  active: boolean().notNull().default(true),
  ...timestamps,
});

const staffRealm = realmTables("staff", staffUsers);
export const staffSessions = staffRealm.sessions;
export const staffAccounts = staffRealm.accounts;
export const staffVerifications = staffRealm.verifications;

/** Customer realm: each portal user is tied to exactly one customer record. */
export const portalUsers = pgTable(
  "portal_users",
  {
    id: text().primaryKey(),
    name: text().notNull(),
    email: text().notNull().unique(),
    emailVerified: boolean().notNull().default(false),
    image: text(),
    customerId: integer()
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    ...timestamps,
  },
  (t) => [index().on(t.customerId)],
);

const portalRealm = realmTables("portal", portalUsers);
export const portalSessions = portalRealm.sessions;
export const portalAccounts = portalRealm.accounts;
export const portalVerifications = portalRealm.verifications;

/**
 * An invitation to the staff realm: the invited account exists, inactive, until the link sets its
 * password. Only the SHA-256 of the token is kept, so a copy of the database opens no account;
 * `usedAt` makes the link single-use, and a resend replaces every earlier link of the same user.
 */
export const staffInvitations = pgTable(
  "staff_invitations",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    userId: text()
      .notNull()
      .references(() => staffUsers.id, { onDelete: "cascade" }),
    tokenHash: text().notNull().unique(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    /** Set when a newer invitation replaced this one: its link no longer opens anything. */
    revokedAt: timestamp({ withTimezone: true }),
    invitedBy: text().references(() => staffUsers.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId)],
);
