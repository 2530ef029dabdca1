/**
 * One query for everything the SMS and the tracking page need about a job: its status and
 * times, the destination (for the ETA only), the technician's name and latest position, and
 * the customer's language and numbers (for the SMS only).
 */
import { eq, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import {
  customers,
  dispatchJobs,
  dispatchTechnicians,
  serviceLocations,
  technicianLatestPositions,
  trackingLinks,
} from "../../db/schema";
import type { JobStatus } from "../../../lib/domain/board/types";
import type { Fix } from "../../../lib/domain/tracking/customer-eta";

export interface JobTrackingFacts {
  jobId: number;
  status: JobStatus;
  plannedStart: Date | null;
  /** The done time: completedAt, or the last change of a done job finished by a path that did not set it. */
  doneAt: Date | null;
  destination: { lat: number; lng: number };
  technicianName: string | null;
  position: Fix | null;
  customerId: number;
  language: "fr" | "en";
  mobile: string | null;
  phone: string | null;
  /** The link's stored expiry (null when there is no link yet, or it is open). */
  linkExpiresAt: Date | null;
}

function select(db: Queryable) {
  return (
    db
      .select({
        jobId: dispatchJobs.id,
        status: dispatchJobs.status,
        plannedStart: dispatchJobs.scheduledStart,
        completedAt: dispatchJobs.completedAt,
        updatedAt: dispatchJobs.updatedAt,
        lat: serviceLocations.latitude,
        lng: serviceLocations.longitude,
        technicianName: dispatchTechnicians.name,
        positionLat: technicianLatestPositions.lat,
        positionLng: technicianLatestPositions.lng,
        fixTime: technicianLatestPositions.fixTime,
        customerId: customers.id,
        language: customers.language,
        mobile: customers.mobile,
        phone: customers.phone,
        linkExpiresAt: trackingLinks.expiresAt,
      })
      .from(dispatchJobs)
      .innerJoin(serviceLocations, eq(serviceLocations.id, dispatchJobs.locationId))
      // A job names its customer, or inherits the one of its service location.
      .innerJoin(customers, eq(customers.id, sql`coalesce(${dispatchJobs.customerId}, ${serviceLocations.customerId})`))
      .leftJoin(dispatchTechnicians, eq(dispatchTechnicians.id, dispatchJobs.leadTechnicianId))
      .leftJoin(technicianLatestPositions, eq(technicianLatestPositions.technicianId, dispatchJobs.leadTechnicianId))
      .leftJoin(trackingLinks, eq(trackingLinks.jobId, dispatchJobs.id))
  );
}

type Row = Awaited<ReturnType<ReturnType<typeof select>["where"]>>[number];

function factsOf(row: Row): JobTrackingFacts {
  return {
    jobId: row.jobId,
    status: row.status,
    plannedStart: row.plannedStart,
    doneAt: row.status === "done" ? (row.completedAt ?? row.updatedAt) : null,
    destination: { lat: row.lat, lng: row.lng },
    technicianName: row.technicianName,
    position:
      row.positionLat !== null && row.positionLng !== null && row.fixTime !== null
        ? { lat: row.positionLat, lng: row.positionLng, fixTime: row.fixTime }
        : null,
    customerId: row.customerId,
    language: row.language,
    mobile: row.mobile,
    phone: row.phone,
    linkExpiresAt: row.linkExpiresAt,
  };
}

async function first(db: Queryable, where: SQL): Promise<JobTrackingFacts | null> {
  const [row] = await select(db).where(where).limit(1);
  return row ? factsOf(row) : null;
}

export function jobTrackingFacts(db: Queryable, jobId: number): Promise<JobTrackingFacts | null> {
  return first(db, eq(dispatchJobs.id, jobId));
}

export function jobTrackingFactsByTokenHash(db: Queryable, tokenHash: string): Promise<JobTrackingFacts | null> {
  return first(db, eq(trackingLinks.tokenHash, tokenHash));
}
