/**
 * A job's full record for the office (/office/jobs/<id>, capability `jobs.read`): everything the
 * technician recorded, the status history read from the audit log (the board's and the phone's
 * status changes are both audited there, with who made them), the technician's drive for the
 * visit (job-route.ts, read from that history), and the messages sent about it.
 * Photos and the signature are linked by URL: their routes check who may read the bytes.
 */
import { and, asc, desc, eq, like, or, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import {
  auditLog,
  customers,
  dispatchJobChecklistItems,
  dispatchJobEquipment,
  dispatchJobHelpers,
  dispatchJobMaterials,
  dispatchJobPhotos,
  dispatchJobs,
  dispatchTechnicians,
  items,
  outboundMessages,
  serviceEquipment,
  serviceLocations,
  staffUsers,
  tickets,
} from "../../db/schema";
import { localDate } from "../../../lib/domain/quebec-dates";
import type { CustomerJob, JobRecord, JobRecordStatus } from "../../../lib/schemas/job-record";
import { NotFoundError } from "../errors";
import { photoUrl } from "../tech/photos";
import { signatureUrl } from "../tech/signature";
import { installChecksOfJobs } from "../network/install-check";
import { jobRoute } from "./job-route";

export type { JobRecord } from "../../../lib/schemas/job-record";

const STATUSES: readonly JobRecordStatus[] = ["unassigned", "assigned", "en_route", "on_site", "done", "cancelled"];
const statusOrNull = (value: unknown): JobRecordStatus | null =>
  typeof value === "string" && (STATUSES as readonly string[]).includes(value) ? (value as JobRecordStatus) : null;
const iso = (date: Date | null) => (date ? date.toISOString() : null);

export interface JobRecordOptions {
  now?: Date;
  /** GPS fixes older than this many days are pruned (`GPS_RETENTION_DAYS`): an older visit's route is gone. */
  gpsRetentionDays?: number;
}

export async function jobRecord(db: Queryable, jobId: number, options: JobRecordOptions = {}): Promise<JobRecord> {
  const [row] = Number.isSafeInteger(jobId)
    ? await db
        .select({
          job: dispatchJobs,
          customerName: customers.displayName,
          ticketSubject: tickets.subject,
          ticketStatus: tickets.status,
          address: serviceLocations.address,
          city: serviceLocations.city,
          accessNotes: serviceLocations.accessNotes,
          latitude: serviceLocations.latitude,
          longitude: serviceLocations.longitude,
          technicianName: dispatchTechnicians.name,
        })
        .from(dispatchJobs)
        .innerJoin(serviceLocations, eq(serviceLocations.id, dispatchJobs.locationId))
        .leftJoin(customers, eq(customers.id, dispatchJobs.customerId))
        .leftJoin(tickets, eq(tickets.id, dispatchJobs.ticketId))
        .leftJoin(dispatchTechnicians, eq(dispatchTechnicians.id, dispatchJobs.leadTechnicianId))
        .where(eq(dispatchJobs.id, jobId))
    : [];
  if (!row) throw new NotFoundError("Job", jobId);
  const { job } = row;

  const [helpers, history, checklist, materials, equipment, photos, messages] = await Promise.all([
    db
      .select({ id: dispatchTechnicians.id, name: dispatchTechnicians.name })
      .from(dispatchJobHelpers)
      .innerJoin(dispatchTechnicians, eq(dispatchTechnicians.id, dispatchJobHelpers.technicianId))
      .where(eq(dispatchJobHelpers.jobId, jobId))
      .orderBy(asc(dispatchTechnicians.name)),
    db
      .select({ at: auditLog.at, action: auditLog.action, changes: auditLog.changes, who: staffUsers.name })
      .from(auditLog)
      .leftJoin(staffUsers, and(eq(auditLog.actorRealm, "staff"), eq(staffUsers.id, auditLog.actorId)))
      .where(
        and(
          eq(auditLog.entityType, "dispatch_job"),
          eq(auditLog.entityId, String(jobId)),
          or(eq(auditLog.action, "dispatch.job.create"), sql`${auditLog.changes} ? 'status'`),
        ),
      )
      .orderBy(asc(auditLog.at), asc(auditLog.id)),
    db
      .select({
        id: dispatchJobChecklistItems.id,
        label: dispatchJobChecklistItems.label,
        required: dispatchJobChecklistItems.required,
        done: dispatchJobChecklistItems.done,
        doneAt: dispatchJobChecklistItems.doneAt,
        doneBy: staffUsers.name,
      })
      .from(dispatchJobChecklistItems)
      .leftJoin(staffUsers, eq(staffUsers.id, dispatchJobChecklistItems.doneBy))
      .where(eq(dispatchJobChecklistItems.jobId, jobId))
      .orderBy(asc(dispatchJobChecklistItems.position)),
    db
      .select({
        id: dispatchJobMaterials.id,
        sku: items.sku,
        nameFr: items.nameFr,
        nameEn: items.nameEn,
        quantity: dispatchJobMaterials.quantity,
      })
      .from(dispatchJobMaterials)
      .innerJoin(items, eq(items.id, dispatchJobMaterials.itemId))
      .where(eq(dispatchJobMaterials.jobId, jobId))
      .orderBy(asc(dispatchJobMaterials.id)),
    db
      .select({
        id: dispatchJobEquipment.id,
        kind: serviceEquipment.kind,
        serial: serviceEquipment.serial,
        mac: serviceEquipment.mac,
        model: serviceEquipment.model,
        action: dispatchJobEquipment.action,
        at: dispatchJobEquipment.at,
      })
      .from(dispatchJobEquipment)
      .innerJoin(serviceEquipment, eq(serviceEquipment.id, dispatchJobEquipment.equipmentId))
      .where(eq(dispatchJobEquipment.jobId, jobId))
      .orderBy(asc(dispatchJobEquipment.at), asc(dispatchJobEquipment.id)),
    db
      .select({
        id: dispatchJobPhotos.id,
        caption: dispatchJobPhotos.caption,
        takenAt: dispatchJobPhotos.takenAt,
        uploadedBy: staffUsers.name,
      })
      .from(dispatchJobPhotos)
      .leftJoin(staffUsers, eq(staffUsers.id, dispatchJobPhotos.uploadedBy))
      .where(eq(dispatchJobPhotos.jobId, jobId))
      .orderBy(asc(dispatchJobPhotos.takenAt), asc(dispatchJobPhotos.id)),
    // Messages about a job carry its id in their dedupe key (job:<id>:on-my-way:sms).
    db
      .select({
        id: outboundMessages.id,
        template: outboundMessages.template,
        channel: outboundMessages.channel,
        recipient: outboundMessages.recipient,
        status: outboundMessages.status,
        sentAt: outboundMessages.sentAt,
        updatedAt: outboundMessages.updatedAt,
      })
      .from(outboundMessages)
      .where(like(outboundMessages.dedupeKey, `job:${jobId}:%`))
      .orderBy(asc(outboundMessages.createdAt), asc(outboundMessages.id)),
  ]);

  const statusHistory = history.map((entry) => {
    const status = (entry.changes as Record<string, { from?: unknown; to?: unknown }>).status;
    return {
      at: entry.at,
      action: entry.action,
      who: entry.who,
      from: statusOrNull(status?.from),
      to: entry.action === "dispatch.job.create" ? ("unassigned" as const) : statusOrNull(status?.to),
    };
  });
  const route = await jobRoute(db, {
    technicianId: job.leadTechnicianId,
    destination: { lat: row.latitude, lng: row.longitude },
    history: statusHistory,
    completedAt: job.completedAt,
    now: options.now ?? new Date(),
    gpsRetentionDays: options.gpsRetentionDays ?? null,
  });

  const anchor = job.scheduledStart ?? job.windowStart;
  return {
    job: {
      id: job.id,
      title: job.title,
      kind: job.kind,
      status: job.status,
      priority: job.priority,
      notes: job.notes,
      windowStart: iso(job.windowStart),
      windowEnd: iso(job.windowEnd),
      scheduledStart: iso(job.scheduledStart),
      durationMin: job.durationMin,
      createdAt: job.createdAt.toISOString(),
      completedAt: iso(job.completedAt),
      completionSummary: job.completionSummary,
    },
    customer: job.customerId !== null ? { id: job.customerId, name: row.customerName ?? "" } : null,
    ticket:
      job.ticketId !== null
        ? { id: job.ticketId, subject: row.ticketSubject ?? "", status: row.ticketStatus ?? "" }
        : null,
    location: { address: row.address, city: row.city, accessNotes: row.accessNotes },
    technician: job.leadTechnicianId !== null ? { id: job.leadTechnicianId, name: row.technicianName ?? "" } : null,
    helpers,
    boardDate: anchor ? localDate(anchor) : null,
    history: statusHistory.map((entry) => ({ ...entry, at: entry.at.toISOString() })),
    checklist: checklist.map((item) => ({ ...item, doneAt: iso(item.doneAt) })),
    materials,
    equipment: equipment.map((e) => ({ ...e, at: e.at.toISOString() })),
    installChecks: (await installChecksOfJobs(db, [job.id])).get(job.id) ?? [],
    photos: photos.map((p) => ({ ...p, url: photoUrl(p.id), takenAt: p.takenAt.toISOString() })),
    signature: job.signatureKey
      ? { name: job.signatureName ?? "", signedAt: iso(job.signedAt), url: signatureUrl(job.id) }
      : null,
    route,
    messages: messages.map((m) => ({ ...m, sentAt: iso(m.sentAt), updatedAt: m.updatedAt.toISOString() })),
  };
}

/** A customer's jobs, newest planned first, for the customer's page (each links to its record). */
export async function customerJobs(db: Queryable, customerId: number, limit = 20): Promise<CustomerJob[]> {
  const planned = sql`coalesce(${dispatchJobs.scheduledStart}, ${dispatchJobs.windowStart}, ${dispatchJobs.createdAt})`;
  const rows = await db
    .select({
      id: dispatchJobs.id,
      title: dispatchJobs.title,
      kind: dispatchJobs.kind,
      status: dispatchJobs.status,
      plannedAt: sql<Date>`${planned}`.mapWith(dispatchJobs.createdAt),
      completedAt: dispatchJobs.completedAt,
    })
    .from(dispatchJobs)
    .where(eq(dispatchJobs.customerId, customerId))
    .orderBy(desc(planned), desc(dispatchJobs.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, plannedAt: r.plannedAt.toISOString(), completedAt: iso(r.completedAt) }));
}
