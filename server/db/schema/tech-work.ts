import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { jobKind, dispatchJobs, dispatchTechnicians } from "./dispatch";

/** One checklist item of a template: the label in both languages the technicians read. */
export interface ChecklistTemplateItem {
  key: string;
  labelFr: string;
  labelEn: string;
  required: boolean;
}

/**
 * The checklist a job of each kind starts with, edited in the office. A job copies the
 * template's items when its technician first opens it (dispatch_job_checklist_items), so an
 * edit to the template never changes a checklist already under way.
 */
export const checklistTemplates = pgTable(
  "checklist_templates",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    jobKind: jobKind().notNull(),
    items: jsonb().$type<ChecklistTemplateItem[]>().notNull(),
    updatedBy: text(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.jobKind)],
);

/**
 * Every action a technician's phone sends carries a key the phone made (a UUID). The first
 * arrival is applied and its outcome kept here, in the same transaction as its effect; a
 * replay (the offline queue retrying after a lost answer) gets the kept outcome and changes
 * nothing. Refusals are kept too, so a replay is refused the same way.
 */
export const technicianActions = pgTable(
  "technician_actions",
  {
    clientKey: text().primaryKey(),
    technicianId: integer()
      .notNull()
      .references(() => dispatchTechnicians.id),
    jobId: integer()
      .notNull()
      .references(() => dispatchJobs.id, { onDelete: "cascade" }),
    kind: text().notNull(),
    accepted: boolean().notNull(),
    outcome: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.jobId), check("technician_actions_key", sql`length(${t.clientKey}) between 8 and 100`)],
);
