import { randomUUID } from "node:crypto";
import { and, asc, eq, isNotNull, ne, notExists, sql } from "drizzle-orm";
import {
  auditLog,
  billingRuns,
  checklistTemplates,
  customers,
  dispatchJobHelpers,
  dispatchJobPhotos,
  dispatchJobs,
  dispatchTechnicians,
  gpsDevices,
  invoices,
  outboundMessages,
  paymentAttempts,
  payments,
  portalCheckouts,
  portalUsers,
  radiusSessions,
  refunds,
  serviceEquipment,
  serviceLocations,
  serviceSubscriptions,
  staffInvitations,
  staffUsers,
  subscriptionChangeRequests,
  subscriptionChanges,
  ticketAttachments,
  tickets,
  visitResponses,
} from "@/server/db/schema";
import type { Database } from "@/server/db/client";
import { localDate } from "@/lib/domain/quebec-dates";
import { bytesOf, JPEG_37x21 } from "@/lib/domain/media/sample-images";
import { DEMO_CUSTOMERS } from "@/server/seed/demo-accounts";
import { AUDIENCES, type SweepClient } from "./http-sweep-client";
import type { Fixtures, Target } from "./access-sweep-cases";

/**
 * What the access sweep calls with, picked from the seeded database by the property each entry
 * needs (each demo customer's own records by owner, a job of another technician), never by position.
 */

/** A portal Checkout session of the customer, made here (the seed has none): the return page's id. */
async function checkoutSessionOf(db: Database, customerId: number): Promise<string> {
  const sessionId = `cs_test_sweep_${customerId}`;
  await db
    .insert(portalCheckouts)
    .values({ customerId, mode: "setup", stripeSessionId: sessionId, status: "open" })
    .onConflictDoNothing();
  return sessionId;
}

/** A technician visit at the customer's first location, made here (the seed may give them none). */
async function visitOf(db: Database, customerId: number, locationId: number): Promise<number> {
  const start = new Date(Date.now() + 24 * 3_600_000);
  const [job] = await db
    .insert(dispatchJobs)
    .values({
      kind: "repair",
      title: "Access sweep visit",
      status: "unassigned",
      customerId,
      locationId,
      windowStart: start,
      windowEnd: new Date(start.getTime() + 4 * 3_600_000),
    })
    .returning({ id: dispatchJobs.id });
  return job!.id;
}

/** Installed equipment at one of the customer's locations; a router is added there when the seed gave them none. */
async function equipmentOf(db: Database, customerId: number, locationId: number): Promise<number> {
  const [installed] = await db
    .select({ id: serviceEquipment.id })
    .from(serviceEquipment)
    .innerJoin(serviceLocations, eq(serviceLocations.id, serviceEquipment.locationId))
    .where(and(eq(serviceLocations.customerId, customerId), eq(serviceEquipment.status, "installed")))
    .orderBy(asc(serviceEquipment.id))
    .limit(1);
  if (installed) return installed.id;
  const [added] = await db
    .insert(serviceEquipment)
    .values({ kind: "router", serial: `SWEEPRT${customerId}`, status: "installed", locationId })
    .returning({ id: serviceEquipment.id });
  return added!.id;
}

/**
 * A portal ticket of the customer with a photo on its first message, both made through the
 * portal's real procedure and upload route as that customer.
 */
async function photoTicketOf(
  client: SweepClient,
  email: string,
): Promise<Pick<Target, "photoTicketId" | "photoMessageId" | "attachmentId">> {
  const audience = AUDIENCES.find((a) => a.kind === "customer" && a.email === email)!;
  const opened = await client.trpc(audience, "portalTickets.open", "mutation", {
    subject: "Access sweep photo",
    type: "support",
    body: "A photo for the access sweep",
    requestKey: `sweep-photo-${randomUUID()}`,
  });
  if (opened.status !== 200) throw new Error(`${email} could not open a ticket: ${opened.status} ${opened.text}`);
  const { ticketId, messageId } = (JSON.parse(opened.text) as { result: { data: { json: Record<string, number> } } })
    .result.data.json;
  const upload = await client.http(audience, "POST", `/api/portal/tickets/${ticketId}/messages/${messageId}/photos`, {
    headers: { "content-type": "image/jpeg", "idempotency-key": randomUUID() },
    body: bytesOf(JPEG_37x21),
  });
  if (upload.status !== 201) throw new Error(`${email}'s photo upload answered ${upload.status}: ${upload.text}`);
  return {
    photoTicketId: ticketId!,
    photoMessageId: messageId!,
    attachmentId: (JSON.parse(upload.text) as { id: number }).id,
  };
}

async function targetOf(db: Database, client: SweepClient, email: string): Promise<Target> {
  const [user] = await db.select().from(portalUsers).where(eq(portalUsers.email, email));
  if (!user) throw new Error(`no portal user ${email}`);
  const customerId = user.customerId;
  const [customer] = await db.select().from(customers).where(eq(customers.id, customerId));
  const firstOwned = async <T>(rows: Promise<T[]>, what: string): Promise<T> => {
    const [row] = await rows;
    if (!row) throw new Error(`customer ${email} owns no ${what}`);
    return row;
  };
  const invoice = await firstOwned(
    db
      .select({ id: invoices.id, number: invoices.number })
      .from(invoices)
      // Not a draft: the portal hides drafts from their own customer too, which would make its refusal vacuous.
      .where(and(eq(invoices.customerId, customerId), eq(invoices.kind, "invoice"), ne(invoices.status, "draft")))
      .orderBy(asc(invoices.id))
      .limit(1),
    "invoice",
  );
  const ownedId = (table: typeof serviceLocations | typeof serviceSubscriptions | typeof tickets | typeof payments) =>
    firstOwned(
      db.select({ id: table.id }).from(table).where(eq(table.customerId, customerId)).orderBy(asc(table.id)).limit(1),
      table === serviceLocations
        ? "location"
        : table === serviceSubscriptions
          ? "subscription"
          : table === tickets
            ? "ticket"
            : "payment",
    );
  const locationId = (await ownedId(serviceLocations)).id;
  return {
    customerId,
    equipmentId: await equipmentOf(db, customerId, locationId),
    markers: [...new Set([customer!.displayName, customer!.email, user.email, invoice.number])].filter(
      (m): m is string => typeof m === "string" && m.length > 3,
    ),
    invoiceId: invoice.id,
    locationId,
    jobId: await visitOf(db, customerId, locationId),
    subscriptionId: (await ownedId(serviceSubscriptions)).id,
    ticketId: (await ownedId(tickets)).id,
    paymentId: (await ownedId(payments)).id,
    checkoutSessionId: await checkoutSessionOf(db, customerId),
    ...(await photoTicketOf(client, email)),
  };
}

/** A job of another technician that technician@demo.test never led nor helps on. */
async function otherTechnicianJob(db: Database): Promise<number> {
  const [tech] = await db
    .select({ id: dispatchTechnicians.id })
    .from(dispatchTechnicians)
    .innerJoin(staffUsers, eq(staffUsers.id, dispatchTechnicians.userId))
    .where(eq(staffUsers.email, "technician@demo.test"));
  const [job] = await db
    .select({ id: dispatchJobs.id })
    .from(dispatchJobs)
    .where(
      and(
        isNotNull(dispatchJobs.leadTechnicianId),
        ne(dispatchJobs.leadTechnicianId, tech!.id),
        notExists(
          db
            .select()
            .from(dispatchJobHelpers)
            .where(and(eq(dispatchJobHelpers.jobId, dispatchJobs.id), eq(dispatchJobHelpers.technicianId, tech!.id))),
        ),
        notExists(
          db
            .select()
            .from(auditLog)
            .where(
              and(
                eq(auditLog.entityType, "dispatch_job"),
                eq(auditLog.entityId, sql`${dispatchJobs.id}::text`),
                sql`${auditLog.changes} -> 'leadTechnicianId' ->> 'from' = ${String(tech!.id)}`,
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(dispatchJobs.id))
    .limit(1);
  if (!job) throw new Error("no job of another technician in the demo data");
  return job.id;
}

/** Both demo customers' records, and what the entries need; adds one photo through the real upload route. */
export async function loadSweepFixtures(
  db: Database,
  client: SweepClient,
): Promise<{ targets: [Target, Target]; fixtures: Fixtures }> {
  const targets: [Target, Target] = [
    await targetOf(db, client, DEMO_CUSTOMERS[0]!.email),
    await targetOf(db, client, DEMO_CUSTOMERS[1]!.email),
  ];
  const otherTechJobId = await otherTechnicianJob(db);
  // A photo on that job, added by the admin ("jobs.files.write") through the real upload route.
  const admin = AUDIENCES.find((a) => a.id === "admin")!;
  const upload = await client.http(admin, "POST", `/api/tech/jobs/${otherTechJobId}/photos`, {
    headers: { "content-type": "image/jpeg", "idempotency-key": randomUUID() },
    body: bytesOf(JPEG_37x21),
  });
  if (upload.status !== 201) throw new Error(`the admin's photo upload answered ${upload.status}: ${upload.text}`);
  const [run] = await db.select({ id: billingRuns.id }).from(billingRuns).orderBy(asc(billingRuns.id)).limit(1);
  const [device] = await db
    .select({ externalId: gpsDevices.externalId })
    .from(gpsDevices)
    .where(eq(gpsDevices.source, "osmand"))
    .limit(1);
  const [subscriber] = await db
    .select({ userName: serviceSubscriptions.radiusUsername })
    .from(serviceSubscriptions)
    .where(isNotNull(serviceSubscriptions.radiusUsername))
    .orderBy(asc(serviceSubscriptions.id))
    .limit(1);
  const fixtures: Fixtures = {
    today: localDate(new Date()),
    otherTechJobId,
    otherTechPhotoId: (JSON.parse(upload.text) as { id: number }).id,
    runId: run?.id ?? 1,
    gpsDeviceId: device?.externalId ?? "TRK-SWEEP",
    radiusUserName: subscriber?.userName ?? "sweep.subscriber",
    db,
    roster: new Set(
      (
        await db
          .select({ email: staffUsers.email })
          .from(dispatchTechnicians)
          .innerJoin(staffUsers, eq(staffUsers.id, dispatchTechnicians.userId))
      ).map((r) => r.email),
    ),
    staffRoles: new Map(
      (await db.select({ email: staffUsers.email, role: staffUsers.role }).from(staffUsers)).map((r) => [
        r.email,
        r.role,
      ]),
    ),
    staffIds: new Map(
      (await db.select({ email: staffUsers.email, id: staffUsers.id }).from(staffUsers)).map((r) => [r.email, r.id]),
    ),
    portalCustomers: new Map(
      (await db.select({ email: portalUsers.email, customerId: portalUsers.customerId }).from(portalUsers)).map((r) => [
        r.email,
        r.customerId,
      ]),
    ),
  };
  return { targets, fixtures };
}

/**
 * The rows a write the sweep sends could add or change: every refused call and every admitted
 * call with invalid input must leave them as they were.
 */
export async function writableState(db: Database, targets: readonly Target[]) {
  const tables = {
    auditLog,
    billingRuns,
    checklistTemplates,
    dispatchJobs,
    dispatchJobPhotos,
    outboundMessages,
    paymentAttempts,
    payments,
    radiusSessions,
    refunds,
    subscriptionChanges,
    subscriptionChangeRequests,
    visitResponses,
    tickets,
    ticketAttachments,
    staffInvitations,
    staffUsers,
  };
  const counts = Object.fromEntries(
    await Promise.all(Object.entries(tables).map(async ([name, table]) => [name, await db.$count(table)] as const)),
  );
  const owned = await Promise.all(
    targets.map(async (t) => ({
      customer: await db.select().from(customers).where(eq(customers.id, t.customerId)),
      invoice: await db.select().from(invoices).where(eq(invoices.id, t.invoiceId)),
      subscription: await db.select().from(serviceSubscriptions).where(eq(serviceSubscriptions.id, t.subscriptionId)),
    })),
  );
  // Who may sign in and as what: no refused call may invite, promote or deactivate anyone.
  const staff = await db
    .select({ id: staffUsers.id, role: staffUsers.role, active: staffUsers.active })
    .from(staffUsers)
    .orderBy(staffUsers.id);
  return { counts, owned, staff };
}
