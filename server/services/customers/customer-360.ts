import { count, desc, eq, sql, sum } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import {
  customers,
  invoices,
  items,
  payments,
  serviceEquipment,
  serviceLocations,
  serviceSubscriptions,
  tickets,
} from "../../db/schema";
import { localDate } from "../../../lib/domain/quebec-dates";
import type { Customer360 } from "../../../lib/schemas/customer-360";
import { NotFoundError } from "../errors";

export type { Customer360 } from "../../../lib/schemas/customer-360";

const RECENT = 25;

// Correlated subqueries name their tables explicitly: drizzle leaves columns unqualified
// in single-table selects, which would bind "id" to the inner table.
export const messageCountOfTicket =
  sql<number>`(select count(*) from ticket_messages m where m.ticket_id = "tickets"."id")`.mapWith(Number);

/**
 * Everything the office needs about one customer on one screen. Histories are the
 * most recent rows plus totals, so the page stays fast for a customer with years of invoices.
 * Overdue means due before `today` in Quebec, not before the database server's own date, which
 * is already tomorrow at 19:00 in Montréal on a server kept in UTC.
 */
export async function getCustomer360(
  db: Queryable,
  customerId: number,
  today: string = localDate(new Date()),
): Promise<Customer360> {
  const [customer] = await db.select().from(customers).where(eq(customers.id, customerId)).limit(1);
  if (!customer) throw new NotFoundError("Customer", customerId);

  const [
    locations,
    subscriptions,
    equipment,
    recentInvoices,
    invoiceTotals,
    recentPayments,
    paymentCount,
    recentTickets,
    ticketCounts,
  ] = await Promise.all([
    db.select().from(serviceLocations).where(eq(serviceLocations.customerId, customerId)).orderBy(serviceLocations.id),
    db
      .select({
        id: serviceSubscriptions.id,
        locationId: serviceSubscriptions.locationId,
        status: serviceSubscriptions.status,
        startDate: serviceSubscriptions.startDate,
        endDate: serviceSubscriptions.endDate,
        billingDay: serviceSubscriptions.billingDay,
        priceOverrideCents: serviceSubscriptions.priceOverrideCents,
        campaignCode: serviceSubscriptions.campaignCode,
        commitmentMonths: serviceSubscriptions.commitmentMonths,
        radiusUsername: serviceSubscriptions.radiusUsername,
        radiusStatus: serviceSubscriptions.radiusStatus,
        item: {
          id: items.id,
          sku: items.sku,
          nameFr: items.nameFr,
          nameEn: items.nameEn,
          priceCents: items.priceCents,
          downloadMbps: items.downloadMbps,
          uploadMbps: items.uploadMbps,
        },
      })
      .from(serviceSubscriptions)
      .innerJoin(items, eq(items.id, serviceSubscriptions.itemId))
      .where(eq(serviceSubscriptions.customerId, customerId))
      .orderBy(serviceSubscriptions.status, serviceSubscriptions.id),
    db
      .select({
        id: serviceEquipment.id,
        kind: serviceEquipment.kind,
        serial: serviceEquipment.serial,
        mac: serviceEquipment.mac,
        model: serviceEquipment.model,
        firmware: serviceEquipment.firmware,
        managementIp: serviceEquipment.managementIp,
        status: serviceEquipment.status,
        locationId: serviceEquipment.locationId,
        subscriptionId: serviceEquipment.subscriptionId,
      })
      .from(serviceEquipment)
      .innerJoin(serviceLocations, eq(serviceLocations.id, serviceEquipment.locationId))
      .where(eq(serviceLocations.customerId, customerId))
      .orderBy(serviceEquipment.id),
    db
      .select({
        id: invoices.id,
        number: invoices.number,
        status: invoices.status,
        issueDate: invoices.issueDate,
        dueDate: invoices.dueDate,
        totalCents: invoices.totalCents,
        balanceCents: invoices.balanceCents,
      })
      .from(invoices)
      .where(eq(invoices.customerId, customerId))
      .orderBy(desc(invoices.issueDate), desc(invoices.id))
      .limit(RECENT),
    db
      .select({
        count: count(),
        balanceCents: sum(sql`case when ${invoices.status} = 'open' then ${invoices.balanceCents} else 0 end`).mapWith(
          Number,
        ),
        overdueCents: sum(
          sql`case when ${invoices.status} = 'open' and ${invoices.dueDate} < ${today}::date then ${invoices.balanceCents} else 0 end`,
        ).mapWith(Number),
      })
      .from(invoices)
      .where(eq(invoices.customerId, customerId)),
    db
      .select({
        id: payments.id,
        receivedAt: payments.receivedAt,
        amountCents: payments.amountCents,
        method: payments.method,
        status: payments.status,
        reference: payments.reference,
        allocatedCents:
          sql<number>`coalesce((select sum(a.amount_cents) from payment_allocations a where a.payment_id = "payments"."id"), 0)`.mapWith(
            Number,
          ),
      })
      .from(payments)
      .where(eq(payments.customerId, customerId))
      .orderBy(desc(payments.receivedAt), desc(payments.id))
      .limit(RECENT),
    db.select({ count: count() }).from(payments).where(eq(payments.customerId, customerId)),
    db
      .select({
        id: tickets.id,
        parentId: tickets.parentId,
        subject: tickets.subject,
        type: tickets.type,
        status: tickets.status,
        important: tickets.important,
        createdAt: tickets.createdAt,
        slaDueAt: tickets.slaDueAt,
        messageCount: messageCountOfTicket,
      })
      .from(tickets)
      .where(eq(tickets.customerId, customerId))
      .orderBy(desc(tickets.createdAt), desc(tickets.id))
      .limit(RECENT),
    db
      .select({ status: tickets.status, count: count() })
      .from(tickets)
      .where(eq(tickets.customerId, customerId))
      .groupBy(tickets.status),
  ]);

  return {
    customer: { ...customer },
    locations,
    subscriptions,
    equipment,
    invoices: {
      recent: recentInvoices,
      total: invoiceTotals[0]?.count ?? 0,
      balanceCents: invoiceTotals[0]?.balanceCents ?? 0,
      overdueCents: invoiceTotals[0]?.overdueCents ?? 0,
    },
    payments: { recent: recentPayments, total: paymentCount[0]?.count ?? 0 },
    tickets: { recent: recentTickets, byStatus: Object.fromEntries(ticketCounts.map((r) => [r.status, r.count])) },
  };
}
