import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  time,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { staffUsers } from "./auth";
import { customers, serviceLocations } from "./customers";
import { items } from "./catalog";
import { serviceEquipment, serviceSubscriptions } from "./services";
import { tickets } from "./tickets";

export const tagKind = pgEnum("dispatch_tag_kind", ["skill", "service", "region"]);
export const jobKind = pgEnum("dispatch_job_kind", ["install", "repair", "removal", "move", "maintenance", "survey"]);
// Same values as the board document's job status (ARCHITECTURE.md, board contract).
export const jobStatus = pgEnum("dispatch_job_status", [
  "unassigned",
  "assigned",
  "en_route",
  "on_site",
  "done",
  "cancelled",
]);
export const equipmentAction = pgEnum("dispatch_equipment_action", ["installed", "removed"]);

export const dispatchTechnicians = pgTable("dispatch_technicians", {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  userId: text()
    .unique()
    .references(() => staffUsers.id),
  name: text().notNull(),
  color: text().notNull(),
  phone: text(),
  homeAddress: text(),
  homeLat: doublePrecision().notNull(),
  homeLng: doublePrecision().notNull(),
  gpsDeviceId: text().unique(),
  shiftStart: time().notNull().default("08:00"),
  shiftEnd: time().notNull().default("16:30"),
  active: boolean().notNull().default(true),
});

/** Skills (fiber splicing), services (TV), regions (Estrie); `level` is the default level a job asks for. */
export const dispatchTags = pgTable(
  "dispatch_tags",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    code: text().notNull().unique(),
    kind: tagKind().notNull(),
    labelFr: text().notNull(),
    labelEn: text().notNull(),
    level: smallint().notNull().default(1),
  },
  (t) => [check("dispatch_tags_level", sql`${t.level} between 1 and 5`)],
);

export const technicianTags = pgTable(
  "dispatch_technician_tags",
  {
    technicianId: integer()
      .notNull()
      .references(() => dispatchTechnicians.id, { onDelete: "cascade" }),
    tagId: integer()
      .notNull()
      .references(() => dispatchTags.id, { onDelete: "cascade" }),
    level: smallint().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.technicianId, t.tagId] }),
    check("dispatch_technician_tags_level", sql`${t.level} between 1 and 5`),
  ],
);

export const dispatchJobs = pgTable(
  "dispatch_jobs",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    ticketId: integer().references(() => tickets.id),
    subscriptionId: integer().references(() => serviceSubscriptions.id),
    customerId: integer().references(() => customers.id),
    locationId: integer()
      .notNull()
      .references(() => serviceLocations.id),
    kind: jobKind().notNull(),
    status: jobStatus().notNull().default("unassigned"),
    priority: smallint().notNull().default(3),
    title: text().notNull(),
    notes: text(),
    windowStart: timestamp({ withTimezone: true }),
    windowEnd: timestamp({ withTimezone: true }),
    durationMin: integer().notNull().default(60),
    scheduledStart: timestamp({ withTimezone: true }),
    leadTechnicianId: integer().references(() => dispatchTechnicians.id),
    signatureName: text(),
    // Storage key of the signature image (file storage), not the image itself.
    signatureKey: text(),
    signedAt: timestamp({ withTimezone: true }),
    completedAt: timestamp({ withTimezone: true }),
    /** The technician's words when marking the job done. */
    completionSummary: text(),
    updatedBy: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.scheduledStart),
    index().on(t.leadTechnicianId, t.scheduledStart),
    index().on(t.status),
    index().on(t.ticketId),
    index().on(t.locationId),
    index().on(t.customerId),
    index().on(t.subscriptionId),
    check("dispatch_jobs_priority", sql`${t.priority} between 1 and 5`),
    check("dispatch_jobs_duration", sql`${t.durationMin} > 0`),
    check(
      "dispatch_jobs_window",
      sql`${t.windowEnd} is null or ${t.windowStart} is null or ${t.windowEnd} > ${t.windowStart}`,
    ),
  ],
);

export const dispatchJobHelpers = pgTable(
  "dispatch_job_helpers",
  {
    jobId: integer()
      .notNull()
      .references(() => dispatchJobs.id, { onDelete: "cascade" }),
    technicianId: integer()
      .notNull()
      .references(() => dispatchTechnicians.id),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.technicianId] })],
);

/** Skills a job requires, at a minimum level. */
export const dispatchJobTags = pgTable(
  "dispatch_job_tags",
  {
    jobId: integer()
      .notNull()
      .references(() => dispatchJobs.id, { onDelete: "cascade" }),
    tagId: integer()
      .notNull()
      .references(() => dispatchTags.id),
    level: smallint().notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.tagId] }), index().on(t.tagId)],
);

export const dispatchJobChecklistItems = pgTable(
  "dispatch_job_checklist_items",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    jobId: integer()
      .notNull()
      .references(() => dispatchJobs.id, { onDelete: "cascade" }),
    position: smallint().notNull(),
    label: text().notNull(),
    /** Copied from the template's item: the job cannot be marked done while it is unticked. */
    required: boolean().notNull().default(false),
    done: boolean().notNull().default(false),
    doneAt: timestamp({ withTimezone: true }),
    doneBy: text().references(() => staffUsers.id),
  },
  (t) => [uniqueIndex().on(t.jobId, t.position)],
);

export const dispatchJobMaterials = pgTable(
  "dispatch_job_materials",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    jobId: integer()
      .notNull()
      .references(() => dispatchJobs.id, { onDelete: "cascade" }),
    itemId: integer()
      .notNull()
      .references(() => items.id),
    quantity: integer().notNull(),
    notes: text(),
  },
  (t) => [index().on(t.jobId), check("dispatch_job_materials_quantity", sql`${t.quantity} > 0`)],
);

export const dispatchJobPhotos = pgTable(
  "dispatch_job_photos",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    jobId: integer()
      .notNull()
      .references(() => dispatchJobs.id, { onDelete: "cascade" }),
    storageKey: text().notNull().unique(),
    contentType: text().notNull(),
    bytes: integer().notNull(),
    width: integer(),
    height: integer(),
    caption: text(),
    uploadedBy: text().references(() => staffUsers.id),
    takenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.jobId)],
);

export const dispatchJobEquipment = pgTable(
  "dispatch_job_equipment",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    jobId: integer()
      .notNull()
      .references(() => dispatchJobs.id, { onDelete: "cascade" }),
    equipmentId: integer()
      .notNull()
      .references(() => serviceEquipment.id),
    action: equipmentAction().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.jobId, t.equipmentId, t.action)],
);
