/**
 * The customer's technician visits: upcoming and past, the window, the technician's first name
 * (never more), the live view while the technician is on the way (the tracking link's rules and
 * view, server/services/tracking), and the customer's answer: confirm, or ask to reschedule,
 * which opens a ticket for the desk. A job is the customer's when it names them, or when it
 * names nobody and sits at one of their service locations (as the tracking SMS reads it).
 */
import { and, asc, desc, eq, inArray, isNull, notInArray, or, sql, type SQL } from "drizzle-orm";
import { rowsOf, type Queryable } from "../../db/client";
import { dispatchJobs, dispatchTechnicians, serviceLocations, visitResponses } from "../../db/schema";
import {
  allowedResponses,
  FINISHED_VISIT_STATUSES,
  visitStatusOf,
  visitWindow,
} from "../../../lib/domain/portal/visits";
import type { VisitResponse } from "../../../lib/domain/portal/visits";
import { firstNameOf } from "../../../lib/domain/tracking/tracking-view";
import type { PortalVisit, PortalVisitTracking, RescheduleInput } from "../../../lib/schemas/portal-services";
import type { Actor } from "../actor";
import type { ServiceDeps } from "../deps";
import { NotFoundError, RecordAccessError, RuleViolationError } from "../errors";
import { jobTrackingFacts } from "../tracking/job-facts";
import { trackingLookupOf } from "../tracking/read-link";
import {
  announceVisitResponse,
  visitBoardDate,
  writeRescheduleRequest,
  writeVisitConfirmation,
} from "./visit-responses";

const PAST_VISITS_SHOWN = 20;

type CustomerActor = Extract<Actor, { realm: "customer" }>;

function customerActor(actor: Actor): CustomerActor {
  if (actor.realm !== "customer") throw new RecordAccessError("Only a customer has portal visits");
  return actor;
}

const customerIdOf = (actor: Actor): number => customerActor(actor).customerId;

/** The customer's jobs: named for them, or at their location and named for nobody. Both arms use an index. */
function ownedBy(customerId: number): SQL {
  return or(
    eq(dispatchJobs.customerId, customerId),
    and(
      isNull(dispatchJobs.customerId),
      inArray(
        dispatchJobs.locationId,
        sql`(select ${serviceLocations.id} from ${serviceLocations} where ${serviceLocations.customerId} = ${customerId})`,
      ),
    ),
  )!;
}

function visitRows(db: Queryable) {
  return db
    .select({
      id: dispatchJobs.id,
      kind: dispatchJobs.kind,
      status: dispatchJobs.status,
      windowStart: dispatchJobs.windowStart,
      windowEnd: dispatchJobs.windowEnd,
      scheduledStart: dispatchJobs.scheduledStart,
      durationMin: dispatchJobs.durationMin,
      address: serviceLocations.address,
      unit: serviceLocations.unit,
      city: serviceLocations.city,
      technicianName: dispatchTechnicians.name,
      response: visitResponses.response,
      ticketId: visitResponses.ticketId,
    })
    .from(dispatchJobs)
    .innerJoin(serviceLocations, eq(serviceLocations.id, dispatchJobs.locationId))
    .leftJoin(dispatchTechnicians, eq(dispatchTechnicians.id, dispatchJobs.leadTechnicianId))
    .leftJoin(visitResponses, eq(visitResponses.jobId, dispatchJobs.id));
}

export type VisitRow = Awaited<ReturnType<ReturnType<typeof visitRows>["where"]>>[number];

export function visitOf(row: VisitRow, now: Date): PortalVisit {
  const allowed = allowedResponses(row, now);
  const response = row.response as VisitResponse | null;
  return {
    id: row.id,
    kind: row.kind,
    status: visitStatusOf(row.status),
    address: [row.address, row.unit, row.city].filter(Boolean).join(", "),
    window: visitWindow(row),
    // Only once a technician is assigned, and only their first name.
    technicianFirstName: row.status === "unassigned" ? null : firstNameOf(row.technicianName),
    response,
    ticketId: row.ticketId,
    canConfirm: allowed.confirm && response !== "confirmed" && response !== "reschedule_requested",
    canReschedule: allowed.reschedule && response !== "reschedule_requested",
    trackable: row.status === "en_route" || row.status === "on_site",
  };
}

const startOf = sql`coalesce(${dispatchJobs.scheduledStart}, ${dispatchJobs.windowStart})`;

export async function listPortalVisits(db: Queryable, actor: Actor, now: Date) {
  const owned = ownedBy(customerIdOf(actor));
  const [upcoming, past] = await Promise.all([
    visitRows(db)
      .where(and(owned, notInArray(dispatchJobs.status, [...FINISHED_VISIT_STATUSES])))
      .orderBy(sql`${startOf} asc nulls last`, asc(dispatchJobs.id))
      .limit(50),
    visitRows(db)
      .where(and(owned, inArray(dispatchJobs.status, [...FINISHED_VISIT_STATUSES])))
      .orderBy(sql`${startOf} desc nulls last`, desc(dispatchJobs.id))
      .limit(PAST_VISITS_SHOWN),
  ]);
  return { upcoming: upcoming.map((r) => visitOf(r, now)), past: past.map((r) => visitOf(r, now)) };
}

export async function ownVisit(q: Queryable, customerId: number, jobId: number): Promise<VisitRow> {
  const [row] = await visitRows(q).where(and(eq(dispatchJobs.id, jobId), ownedBy(customerId)));
  if (!row) throw new NotFoundError("job", jobId);
  return row;
}

export async function getPortalVisit(db: Queryable, actor: Actor, jobId: number, now: Date): Promise<PortalVisit> {
  return visitOf(await ownVisit(db, customerIdOf(actor), jobId), now);
}

/** The live view of one of the customer's own visits, by the tracking link's rules (expired after the visit). */
export async function portalVisitTracking(
  db: Queryable,
  actor: Actor,
  jobId: number,
  now: Date,
): Promise<PortalVisitTracking> {
  const customerId = customerIdOf(actor);
  const facts = await jobTrackingFacts(db, jobId);
  if (!facts || facts.customerId !== customerId) throw new NotFoundError("job", jobId);
  const lookup = trackingLookupOf(facts, now);
  return lookup.kind === "active" ? { state: "active", view: lookup.view } : { state: "expired" };
}

function refuseResponse(what: "confirm" | "reschedule", row: VisitRow): never {
  throw new RuleViolationError(`Visit ${row.id} (${row.status}) can no longer be ${what}ed from the portal`, "jobId", {
    key: what === "confirm" ? "errors.portalVisits.cannotConfirm" : "errors.portalVisits.cannotReschedule",
  });
}

/** The customer confirms they will be there. Confirming twice changes nothing. */
export async function confirmPortalVisit(
  deps: Pick<ServiceDeps, "db" | "events">,
  actor: Actor,
  jobId: number,
  now: Date,
) {
  const customer = customerActor(actor);
  const result = await deps.db.transaction(async (tx) => {
    await rowsOf(tx, sql`select id from dispatch_jobs where id = ${jobId} for update`);
    const row = await ownVisit(tx, customer.customerId, jobId);
    if (row.response === "confirmed") return { response: "confirmed" as const, replayed: true, date: null };
    const visit = visitOf(row, now);
    if (!visit.canConfirm) refuseResponse("confirm", row);
    await writeVisitConfirmation(tx, {
      jobId,
      customerId: customer.customerId,
      actor,
      respondedBy: customer.userId,
      previous: row.response as VisitResponse | null,
    });
    return { response: "confirmed" as const, replayed: false, date: visitBoardDate(row) };
  });
  if (!result.replayed) announceVisitResponse(deps, { jobId, date: result.date, confirmation: "confirmed" });
  return { response: result.response, replayed: result.replayed };
}

/**
 * The customer asks for another time: a ticket for the desk with their message, and the visit
 * marked as asked to reschedule. Asking again while it is open returns the same ticket.
 */
export async function requestVisitReschedule(
  deps: Pick<ServiceDeps, "db" | "events">,
  actor: Actor,
  input: RescheduleInput,
  now: Date,
) {
  const customer = customerActor(actor);
  const result = await deps.db.transaction(async (tx) => {
    await rowsOf(tx, sql`select id from dispatch_jobs where id = ${input.jobId} for update`);
    const row = await ownVisit(tx, customer.customerId, input.jobId);
    if (row.response === "reschedule_requested" && row.ticketId)
      return { ticketId: row.ticketId, replayed: true, date: null };
    if (!visitOf(row, now).canReschedule) refuseResponse("reschedule", row);
    const { ticketId } = await writeRescheduleRequest(tx, {
      jobId: input.jobId,
      customerId: customer.customerId,
      actor,
      respondedBy: customer.userId,
      previous: row.response as VisitResponse | null,
      message: input.message,
      channel: "portal",
    });
    return { ticketId, replayed: false, date: visitBoardDate(row) };
  });
  if (!result.replayed)
    announceVisitResponse(deps, { jobId: input.jobId, date: result.date, confirmation: "reschedule_requested" });
  return { ticketId: result.ticketId, replayed: result.replayed };
}
