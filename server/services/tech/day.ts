/**
 * The technician's day as the phone keeps it: every job assigned to them (lead or helper) in
 * the board's order, with what working it offline needs — customer, address and access notes,
 * the equipment at the address, the location's recent tickets, the job's checklist (copied
 * from its kind's template on first read), materials, photos and signature.
 */
import { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import {
  customers,
  dispatchJobHelpers,
  dispatchJobMaterials,
  dispatchJobPhotos,
  dispatchJobs,
  items,
  serviceEquipment,
  serviceLocations,
  ticketMessages,
  tickets,
} from "../../db/schema";
import type { TechDay, TechJob } from "../../../lib/schemas/tech";
import { instantiateChecklist } from "../checklists/templates";
import { jobsOnDay } from "../dispatch/day-jobs";
import { technicianOfUser } from "./tech-access";
import { installChecksOfJobs } from "../network/install-check";

/** What a technician may record as used: equipment, services and fees, never a plan. */
const MATERIAL_KINDS = ["equipment", "service", "fee"] as const;
const TICKETS_PER_JOB = 5;

export async function techDay(
  db: Database,
  input: { userId: string; date: string; language: "fr" | "en" },
): Promise<TechDay> {
  const technician = await technicianOfUser(db, input.userId);
  const mine = or(
    eq(dispatchJobs.leadTechnicianId, technician.id),
    inArray(
      dispatchJobs.id,
      db
        .select({ id: dispatchJobHelpers.jobId })
        .from(dispatchJobHelpers)
        .where(eq(dispatchJobHelpers.technicianId, technician.id)),
    ),
  );
  const rows = await db
    .select({
      job: dispatchJobs,
      location: serviceLocations,
      customer: {
        name: customers.displayName,
        phone: customers.phone,
        mobile: customers.mobile,
        language: customers.language,
      },
    })
    .from(dispatchJobs)
    .innerJoin(serviceLocations, eq(serviceLocations.id, dispatchJobs.locationId))
    .leftJoin(customers, eq(customers.id, dispatchJobs.customerId))
    .where(and(jobsOnDay(input.date), mine))
    .orderBy(asc(sql`coalesce(${dispatchJobs.scheduledStart}, ${dispatchJobs.windowStart})`), asc(dispatchJobs.id));

  const jobIds = rows.map((r) => r.job.id);
  const locationIds = [...new Set(rows.map((r) => r.location.id))];
  // Checklists are copied from their templates the first time the technician sees the job.
  const checklists = new Map<number, TechJob["checklist"]>();
  for (const { job } of rows) {
    const list = await instantiateChecklist(db, { jobId: job.id, jobKind: job.kind, language: input.language });
    checklists.set(
      job.id,
      list.map((item) => ({ id: item.id, label: item.label, required: item.required, done: item.done })),
    );
  }
  const [equipment, ticketRows, materialRows, photoRows, materials] = await Promise.all([
    locationIds.length
      ? db
          .select()
          .from(serviceEquipment)
          .where(inArray(serviceEquipment.locationId, locationIds))
          .orderBy(asc(serviceEquipment.id))
      : [],
    locationIds.length
      ? db
          .select({
            id: tickets.id,
            locationId: tickets.locationId,
            subject: tickets.subject,
            status: tickets.status,
            createdAt: tickets.createdAt,
            lastMessage: sql<
              string | null
            >`(select m.body from ${ticketMessages} m where m.ticket_id = ${tickets.id} and not m.internal order by m.created_at desc limit 1)`,
          })
          .from(tickets)
          .where(inArray(tickets.locationId, locationIds))
          .orderBy(desc(tickets.createdAt))
      : [],
    jobIds.length
      ? db
          .select({
            id: dispatchJobMaterials.id,
            jobId: dispatchJobMaterials.jobId,
            itemId: dispatchJobMaterials.itemId,
            quantity: dispatchJobMaterials.quantity,
            nameFr: items.nameFr,
            nameEn: items.nameEn,
          })
          .from(dispatchJobMaterials)
          .innerJoin(items, eq(items.id, dispatchJobMaterials.itemId))
          .where(inArray(dispatchJobMaterials.jobId, jobIds))
          .orderBy(asc(dispatchJobMaterials.id))
      : [],
    jobIds.length
      ? db
          .select({ id: dispatchJobPhotos.id, jobId: dispatchJobPhotos.jobId, caption: dispatchJobPhotos.caption })
          .from(dispatchJobPhotos)
          .where(inArray(dispatchJobPhotos.jobId, jobIds))
          .orderBy(asc(dispatchJobPhotos.id))
      : [],
    db
      .select({ id: items.id, code: items.sku, nameFr: items.nameFr, nameEn: items.nameEn })
      .from(items)
      .where(and(eq(items.active, true), inArray(items.kind, [...MATERIAL_KINDS])))
      .orderBy(asc(items.sku)),
  ]);
  const checks = await installChecksOfJobs(db, jobIds);
  const nameOf = (row: { nameFr: string; nameEn: string }) => (input.language === "en" ? row.nameEn : row.nameFr);

  const jobs: TechJob[] = rows.map(({ job, location, customer }) => ({
    id: job.id,
    title: job.title,
    kind: job.kind,
    status: job.status,
    priority: job.priority,
    scheduledStart: job.scheduledStart?.toISOString() ?? null,
    durationMin: job.durationMin,
    windowStart: job.windowStart?.toISOString() ?? null,
    windowEnd: job.windowEnd?.toISOString() ?? null,
    notes: job.notes,
    customer: customer
      ? { name: customer.name, phone: customer.mobile ?? customer.phone, language: customer.language }
      : null,
    address: [location.address, location.unit ? `#${location.unit}` : null, location.city, location.postalCode]
      .filter(Boolean)
      .join(", "),
    lat: location.latitude,
    lng: location.longitude,
    accessNotes: location.accessNotes,
    navigationUrl: `geo:${location.latitude},${location.longitude}?q=${encodeURIComponent(`${location.address}, ${location.city}`)}`,
    equipment: equipment
      .filter((e) => e.locationId === location.id)
      .map((e) => ({ id: e.id, kind: e.kind, serial: e.serial, mac: e.mac, model: e.model, status: e.status })),
    tickets: ticketRows
      .filter((t) => t.locationId === location.id)
      .slice(0, TICKETS_PER_JOB)
      .map((t) => ({
        id: t.id,
        subject: t.subject,
        status: t.status,
        createdAt: t.createdAt.toISOString(),
        lastMessage: t.lastMessage,
      })),
    checklist: checklists.get(job.id) ?? [],
    materials: materialRows
      .filter((m) => m.jobId === job.id)
      .map((m) => ({ id: m.id, itemId: m.itemId, name: nameOf(m), quantity: m.quantity })),
    photos: photoRows
      .filter((p) => p.jobId === job.id)
      .map((p) => ({ id: p.id, url: `/api/tech/photos/${p.id}`, caption: p.caption })),
    signature:
      job.signatureName && job.signedAt
        ? { name: job.signatureName, signedAt: job.signedAt.toISOString(), url: `/api/tech/jobs/${job.id}/signature` }
        : null,
    completedAt: job.completedAt?.toISOString() ?? null,
    installChecks: checks.get(job.id) ?? [],
  }));

  return {
    date: input.date,
    technician,
    jobs,
    materials: materials.map((m) => ({ id: m.id, code: m.code, name: nameOf(m) })),
  };
}
