/**
 * Everything the ticket page shows, in one call: the ticket, its thread (notes included, for
 * staff), parent and children, the customer panel (contacts, balance, location, services,
 * equipment with the network's verdict on its install, next visit), the activity from the audit
 * log and who the ticket may be assigned to.
 * The thread is the newest 200 messages; the panel's pieces are small indexed look-ups.
 */
import { and, asc, desc, eq, gte, inArray, notInArray, or, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import {
  auditLog,
  customers,
  dispatchJobs,
  items,
  outboundMessages,
  portalUsers,
  serviceEquipment,
  serviceLocations,
  serviceSubscriptions,
  staffUsers,
  ticketMessages,
  tickets,
} from "../../db/schema";
import type { Actor } from "../actor";
import { customerBalance } from "../payments/customer-balance";
import { localDate } from "../../../lib/domain/quebec-dates";
import { OPEN_STATUSES } from "../../../lib/domain/ticket-desk/workflow";
import type { ThreadMessage, TicketWorkspace } from "../../../lib/schemas/ticket-desk";
import { ticketAssignees } from "./ticket-changes";
import { replyRouteOf } from "./ticket-contact";
import { ticketFor } from "./ticket-access";
import { attachmentsOfMessages } from "./ticket-attachments";
import { latestInstallChecksOfDevices } from "../network/install-check";

const THREAD_LIMIT = 200;

const summaryColumns = {
  id: tickets.id,
  subject: tickets.subject,
  type: tickets.type,
  status: tickets.status,
  important: tickets.important,
  createdAt: tickets.createdAt,
  updatedAt: tickets.updatedAt,
  closedAt: tickets.closedAt,
};

/**
 * The thread, oldest first, with each message's files. Customers never get internal notes: they
 * are filtered in the query, and files are read for the messages returned only.
 */
export async function threadOf(db: Queryable, ticketId: number, withNotes: boolean): Promise<ThreadMessage[]> {
  const rows = await db
    .select({
      id: ticketMessages.id,
      channel: ticketMessages.channel,
      authorKind: ticketMessages.authorKind,
      authorName: ticketMessages.authorName,
      body: ticketMessages.body,
      internal: ticketMessages.internal,
      createdAt: ticketMessages.createdAt,
      deliveryStatus: outboundMessages.status,
      deliveryRecipient: outboundMessages.recipient,
    })
    .from(ticketMessages)
    .leftJoin(outboundMessages, eq(outboundMessages.id, ticketMessages.outboundMessageId))
    .where(
      withNotes
        ? eq(ticketMessages.ticketId, ticketId)
        : and(eq(ticketMessages.ticketId, ticketId), eq(ticketMessages.internal, false)),
    )
    .orderBy(desc(ticketMessages.createdAt), desc(ticketMessages.id))
    .limit(THREAD_LIMIT);
  const attachments = await attachmentsOfMessages(
    db,
    ticketId,
    rows.map((r) => r.id),
  );
  return rows.reverse().map((r) => ({
    id: r.id,
    channel: r.channel,
    authorKind: r.authorKind,
    authorName: r.authorName,
    body: r.body,
    internal: r.internal,
    createdAt: r.createdAt,
    delivery: withNotes && r.deliveryStatus ? { status: r.deliveryStatus, recipient: r.deliveryRecipient ?? "" } : null,
    attachments: attachments.get(r.id) ?? [],
  }));
}

async function customerPanel(
  db: Queryable,
  customerId: number,
  locationId: number | null,
  now: Date,
): Promise<TicketWorkspace["customer"]> {
  const [customer] = await db.select().from(customers).where(eq(customers.id, customerId));
  if (!customer) return null;
  const [balance, location, services, openTickets, nextVisit] = await Promise.all([
    customerBalance(db, customerId, localDate(now)),
    locationId
      ? db
          .select({
            id: serviceLocations.id,
            address: serviceLocations.address,
            city: serviceLocations.city,
            postalCode: serviceLocations.postalCode,
            status: serviceLocations.status,
          })
          .from(serviceLocations)
          .where(eq(serviceLocations.id, locationId))
      : db
          .select({
            id: serviceLocations.id,
            address: serviceLocations.address,
            city: serviceLocations.city,
            postalCode: serviceLocations.postalCode,
            status: serviceLocations.status,
          })
          .from(serviceLocations)
          .where(eq(serviceLocations.customerId, customerId))
          .orderBy(serviceLocations.id)
          .limit(1),
    db
      .select({
        id: serviceSubscriptions.id,
        name: items.nameFr,
        nameEn: items.nameEn,
        status: serviceSubscriptions.status,
        downloadMbps: items.downloadMbps,
        locationId: serviceSubscriptions.locationId,
      })
      .from(serviceSubscriptions)
      .innerJoin(items, eq(items.id, serviceSubscriptions.itemId))
      .where(
        and(eq(serviceSubscriptions.customerId, customerId), notInArray(serviceSubscriptions.status, ["cancelled"])),
      )
      .orderBy(serviceSubscriptions.id)
      .limit(20),
    db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(tickets)
      .where(and(eq(tickets.customerId, customerId), inArray(tickets.status, [...OPEN_STATUSES]))),
    nextVisitOf(db, customerId, now),
  ]);
  const loc = location[0] ?? null;
  const equipment = loc
    ? await db
        .select({
          id: serviceEquipment.id,
          kind: serviceEquipment.kind,
          model: serviceEquipment.model,
          serial: serviceEquipment.serial,
        })
        .from(serviceEquipment)
        .where(eq(serviceEquipment.locationId, loc.id))
        .orderBy(serviceEquipment.id)
        .limit(20)
    : [];
  const installChecks = await latestInstallChecksOfDevices(
    db,
    equipment.map((e) => e.id),
  );
  return {
    id: customer.id,
    displayName: customer.displayName,
    firstName: customer.firstName,
    language: customer.language,
    email: customer.email,
    phone: customer.phone,
    mobile: customer.mobile,
    status: customer.status,
    balanceCents: balance.balanceCents,
    overdueCents: balance.overdueCents,
    openTickets: openTickets[0]?.n ?? 0,
    nextVisit,
    location: loc,
    services: services.filter((s) => !loc || s.locationId === loc.id || !locationId),
    equipment: equipment.map((e) => ({ ...e, installCheck: installChecks.get(e.id) ?? null })),
  };
}

/** The customer's next technician visit still to come: its window, else its planned start and duration. */
export async function nextVisitOf(
  db: Queryable,
  customerId: number,
  now: Date,
): Promise<{ jobId: number; start: Date; end: Date; title: string } | null> {
  const [job] = await db
    .select({
      id: dispatchJobs.id,
      title: dispatchJobs.title,
      windowStart: dispatchJobs.windowStart,
      windowEnd: dispatchJobs.windowEnd,
      scheduledStart: dispatchJobs.scheduledStart,
      durationMin: dispatchJobs.durationMin,
    })
    .from(dispatchJobs)
    .where(
      and(
        eq(dispatchJobs.customerId, customerId),
        notInArray(dispatchJobs.status, ["done", "cancelled"]),
        or(gte(dispatchJobs.windowEnd, now), gte(dispatchJobs.scheduledStart, now)),
      ),
    )
    .orderBy(sql`coalesce(${dispatchJobs.windowStart}, ${dispatchJobs.scheduledStart}) asc nulls last`)
    .limit(1);
  if (!job) return null;
  const start = job.windowStart ?? job.scheduledStart;
  if (!start) return null;
  const end = job.windowStart
    ? (job.windowEnd ?? new Date(start.getTime() + job.durationMin * 60_000))
    : new Date(start.getTime() + job.durationMin * 60_000);
  return { jobId: job.id, start, end, title: job.title };
}

export async function ticketActivity(db: Queryable, ticketId: number): Promise<TicketWorkspace["activity"]> {
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      staffName: staffUsers.name,
      portalName: portalUsers.name,
      action: auditLog.action,
      changes: auditLog.changes,
    })
    .from(auditLog)
    .leftJoin(staffUsers, and(eq(auditLog.actorRealm, "staff"), eq(staffUsers.id, auditLog.actorId)))
    .leftJoin(portalUsers, and(eq(auditLog.actorRealm, "customer"), eq(portalUsers.id, auditLog.actorId)))
    .where(and(eq(auditLog.entityType, "ticket"), eq(auditLog.entityId, String(ticketId))))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(50);
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorName: r.staffName ?? r.portalName ?? null,
    action: r.action,
    changes: r.changes,
  }));
}

export async function getTicketWorkspace(
  db: Queryable,
  actor: Actor,
  ticketId: number,
  now: Date = new Date(),
): Promise<TicketWorkspace> {
  const ticket = await ticketFor(db, actor, ticketId);
  const [assignee, parent, children, messages, route, activity, assignees, customer] = await Promise.all([
    ticket.assignedToId
      ? db.select({ name: staffUsers.name }).from(staffUsers).where(eq(staffUsers.id, ticket.assignedToId))
      : Promise.resolve([]),
    ticket.parentId
      ? db
          .select({ ...summaryColumns, parentId: tickets.parentId })
          .from(tickets)
          .where(eq(tickets.id, ticket.parentId))
      : Promise.resolve([]),
    db.select(summaryColumns).from(tickets).where(eq(tickets.parentId, ticket.id)).orderBy(asc(tickets.id)).limit(100),
    threadOf(db, ticket.id, true),
    replyRouteOf(db, ticket),
    ticketActivity(db, ticket.id),
    ticketAssignees(db),
    ticket.customerId ? customerPanel(db, ticket.customerId, ticket.locationId, now) : Promise.resolve(null),
  ]);
  return {
    ticket: {
      id: ticket.id,
      subject: ticket.subject,
      type: ticket.type,
      status: ticket.status,
      important: ticket.important,
      createdAt: ticket.createdAt,
      updatedAt: ticket.updatedAt,
      closedAt: ticket.closedAt,
      parentId: ticket.parentId,
      customerId: ticket.customerId,
      locationId: ticket.locationId,
      assignedToId: ticket.assignedToId,
      assignedToName: assignee[0]?.name ?? null,
      assignedTeam: ticket.assignedTeam,
      slaDueAt: ticket.slaDueAt,
      replyChannel: route.channel,
      replyRecipient: route.recipient,
    },
    parent: (parent[0] as TicketWorkspace["parent"]) ?? null,
    children,
    messages,
    customer,
    activity,
    assignees,
  };
}
