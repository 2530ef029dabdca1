import { and, asc, eq, gte, isNull, lt, or, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { customers, dispatchJobs, dispatchTechnicians, serviceLocations } from "../../db/schema";
import { dayBounds } from "../../../lib/domain/quebec-dates";

const jobColumns = {
  id: dispatchJobs.id,
  title: dispatchJobs.title,
  kind: dispatchJobs.kind,
  status: dispatchJobs.status,
  priority: dispatchJobs.priority,
  windowStart: dispatchJobs.windowStart,
  windowEnd: dispatchJobs.windowEnd,
  durationMin: dispatchJobs.durationMin,
  scheduledStart: dispatchJobs.scheduledStart,
  leadTechnicianId: dispatchJobs.leadTechnicianId,
  address: sql<string>`${serviceLocations.address} || ', ' || ${serviceLocations.city}`,
  customerName: customers.displayName,
  accessNotes: serviceLocations.accessNotes,
};

/** A job belongs to a day by its scheduled start, or by its window when it is not scheduled yet. */
export function jobsOnDay(date: string) {
  const { start, end } = dayBounds(date);
  return or(
    and(gte(dispatchJobs.scheduledStart, start), lt(dispatchJobs.scheduledStart, end)),
    and(isNull(dispatchJobs.scheduledStart), gte(dispatchJobs.windowStart, start), lt(dispatchJobs.windowStart, end)),
  );
}

/** The day's plan: technicians with their jobs in time order, and the unassigned queue. */
export async function getDispatchDay(db: Queryable, date: string) {
  const [technicians, jobs] = await Promise.all([
    db
      .select({ id: dispatchTechnicians.id, name: dispatchTechnicians.name, color: dispatchTechnicians.color })
      .from(dispatchTechnicians)
      .where(eq(dispatchTechnicians.active, true))
      .orderBy(asc(dispatchTechnicians.name)),
    db
      .select(jobColumns)
      .from(dispatchJobs)
      .innerJoin(serviceLocations, eq(serviceLocations.id, dispatchJobs.locationId))
      .leftJoin(customers, eq(customers.id, dispatchJobs.customerId))
      .where(jobsOnDay(date))
      .orderBy(asc(sql`coalesce(${dispatchJobs.scheduledStart}, ${dispatchJobs.windowStart})`), asc(dispatchJobs.id)),
  ]);
  return {
    date,
    technicians: technicians.map((tech) => ({ ...tech, jobs: jobs.filter((j) => j.leadTechnicianId === tech.id) })),
    unassigned: jobs.filter((j) => j.leadTechnicianId === null),
  };
}

/** The signed-in technician's jobs for a day; null when the user is not linked to a technician. */
export async function getTechnicianDay(db: Queryable, userId: string, date: string) {
  const [tech] = await db
    .select({ id: dispatchTechnicians.id, name: dispatchTechnicians.name })
    .from(dispatchTechnicians)
    .where(eq(dispatchTechnicians.userId, userId))
    .limit(1);
  if (!tech) return null;
  const jobs = await db
    .select(jobColumns)
    .from(dispatchJobs)
    .innerJoin(serviceLocations, eq(serviceLocations.id, dispatchJobs.locationId))
    .leftJoin(customers, eq(customers.id, dispatchJobs.customerId))
    .where(and(eq(dispatchJobs.leadTechnicianId, tech.id), jobsOnDay(date)))
    .orderBy(asc(dispatchJobs.scheduledStart), asc(dispatchJobs.id));
  return { technician: tech, date, jobs };
}
