import { boolean, integer, pgEnum, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { SLA_PRIORITIES } from "../../../lib/domain/sla/policy";
import { staffUsers } from "./auth";
import { ticketType } from "./tickets";

export const slaPriority = pgEnum("sla_priority", SLA_PRIORITIES);

/** First-response and resolution targets by ticket type and priority (admin: /office/settings/sla). */
export const slaPolicies = pgTable(
  "sla_policies",
  {
    ticketType: ticketType().notNull(),
    priority: slaPriority().notNull(),
    firstResponseMinutes: integer().notNull(),
    resolutionMinutes: integer().notNull(),
    /** Count only the office's opening hours, or every minute. */
    businessHours: boolean().notNull().default(true),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedById: text().references(() => staffUsers.id),
  },
  (t) => [primaryKey({ columns: [t.ticketType, t.priority] })],
);
