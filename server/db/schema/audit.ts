import { index, integer, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const actorRealm = pgEnum("actor_realm", ["staff", "customer", "system"]);

/** Who changed what and when. Written in the same transaction as the change it describes. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorRealm: actorRealm().notNull(),
    actorId: text(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text().notNull(),
    changes: jsonb().$type<Record<string, { from: unknown; to: unknown }>>().notNull().default({}),
  },
  // (at, id): the office's list and the CSV export walk the log newest first by this key (keyset
  // pages), with or without a date range; a person or a record has its own index.
  (t) => [index().on(t.entityType, t.entityId, t.at), index().on(t.actorId, t.at), index().on(t.at, t.id)],
);
