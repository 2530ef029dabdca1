/**
 * Subscriptions for the office: a filtered list by keyset pages, and one subscription with its
 * customer, location, plan, RADIUS state, change history and invoice lines. The RADIUS
 * password is never selected, encrypted or not: the office has no use for it.
 */
import { and, asc, desc, eq, lt, type SQL } from "drizzle-orm";
import { commitmentEnd, nextPeriodStart, periodRate } from "../../../lib/domain/billing";
import { localDate } from "../../../lib/domain/quebec-dates";
import type { SubscriptionListInput } from "../../../lib/schemas/subscriptions";
import type { Queryable } from "../../db/client";
import {
  customers,
  invoiceLines,
  invoices,
  items,
  serviceLocations,
  serviceSubscriptions,
  subscriptionChanges,
} from "../../db/schema";
import { NotFoundError } from "../errors";
import { subscriptionNetworkAccess } from "../radius/sessions";

const s = serviceSubscriptions;

/** Newest first. Every filter is on an indexed column, and the page is a LIMIT on the primary key. */
export async function listSubscriptions(db: Queryable, input: SubscriptionListInput) {
  const where: SQL[] = [];
  if (input.status) where.push(eq(s.status, input.status));
  if (input.itemId) where.push(eq(s.itemId, input.itemId));
  if (input.customerId) where.push(eq(s.customerId, input.customerId));
  if (input.billingDay) where.push(eq(s.billingDay, input.billingDay));
  if (input.afterId) where.push(lt(s.id, input.afterId));
  const rows = await db
    .select({
      id: s.id,
      status: s.status,
      startDate: s.startDate,
      endDate: s.endDate,
      billingDay: s.billingDay,
      priceOverrideCents: s.priceOverrideCents,
      campaignCode: s.campaignCode,
      campaignDiscountCents: s.campaignDiscountCents,
      radiusStatus: s.radiusStatus,
      customerId: s.customerId,
      customerName: customers.displayName,
      itemId: items.id,
      planFr: items.nameFr,
      planEn: items.nameEn,
      planPriceCents: items.priceCents,
      address: serviceLocations.address,
      city: serviceLocations.city,
    })
    .from(s)
    .innerJoin(customers, eq(customers.id, s.customerId))
    .innerJoin(items, eq(items.id, s.itemId))
    .innerJoin(serviceLocations, eq(serviceLocations.id, s.locationId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(s.id))
    .limit(input.limit + 1);
  const hasMore = rows.length > input.limit;
  const page = hasMore ? rows.slice(0, input.limit) : rows;
  return {
    // The plan filter's choices come with the page, so the list is one call.
    plans: await listPlans(db),
    items: page.map((r) => ({
      ...r,
      rateCents: Math.max(0, (r.priceOverrideCents ?? r.planPriceCents) - (r.campaignDiscountCents ?? 0)),
    })),
    nextAfterId: hasMore ? page.at(-1)!.id : null,
  };
}

/** Monthly plans a subscription can move to (the plan-change form's choices). */
export async function listPlans(db: Queryable) {
  return db
    .select({
      id: items.id,
      sku: items.sku,
      nameFr: items.nameFr,
      nameEn: items.nameEn,
      priceCents: items.priceCents,
      kind: items.kind,
    })
    .from(items)
    .where(and(eq(items.billing, "recurring"), eq(items.active, true)))
    .orderBy(asc(items.kind), asc(items.priceCents), asc(items.id));
}

export async function getSubscription(db: Queryable, subscriptionId: number, today = localDate(new Date())) {
  const [row] = await db
    .select({
      id: s.id,
      legacyId: s.legacyId,
      status: s.status,
      startDate: s.startDate,
      endDate: s.endDate,
      billingDay: s.billingDay,
      priceOverrideCents: s.priceOverrideCents,
      campaignCode: s.campaignCode,
      campaignDiscountCents: s.campaignDiscountCents,
      campaignGiftCents: s.campaignGiftCents,
      commitmentMonths: s.commitmentMonths,
      suspendedSince: s.suspendedSince,
      suspendedForDunning: s.suspendedForDunning,
      radiusUsername: s.radiusUsername,
      radiusStatus: s.radiusStatus,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      customer: {
        id: customers.id,
        displayName: customers.displayName,
        language: customers.language,
        email: customers.email,
        phone: customers.phone,
      },
      location: {
        id: serviceLocations.id,
        address: serviceLocations.address,
        unit: serviceLocations.unit,
        city: serviceLocations.city,
        postalCode: serviceLocations.postalCode,
        status: serviceLocations.status,
      },
      plan: {
        id: items.id,
        sku: items.sku,
        nameFr: items.nameFr,
        nameEn: items.nameEn,
        priceCents: items.priceCents,
        kind: items.kind,
        downloadMbps: items.downloadMbps,
        uploadMbps: items.uploadMbps,
      },
    })
    .from(s)
    .innerJoin(customers, eq(customers.id, s.customerId))
    .innerJoin(items, eq(items.id, s.itemId))
    .innerJoin(serviceLocations, eq(serviceLocations.id, s.locationId))
    .where(eq(s.id, subscriptionId));
  if (!row) throw new NotFoundError("subscription", subscriptionId);

  const [history, lines, plans, network] = await Promise.all([
    db
      .select({
        id: subscriptionChanges.id,
        kind: subscriptionChanges.kind,
        effectiveDate: subscriptionChanges.effectiveDate,
        details: subscriptionChanges.details,
        invoiceId: subscriptionChanges.invoiceId,
        invoiceNumber: invoices.number,
        invoiceKind: invoices.kind,
        createdBy: subscriptionChanges.createdBy,
        createdAt: subscriptionChanges.createdAt,
      })
      .from(subscriptionChanges)
      .leftJoin(invoices, eq(invoices.id, subscriptionChanges.invoiceId))
      .where(eq(subscriptionChanges.subscriptionId, subscriptionId))
      .orderBy(desc(subscriptionChanges.createdAt), desc(subscriptionChanges.id)),
    db
      .select({
        id: invoiceLines.id,
        kind: invoiceLines.kind,
        description: invoiceLines.description,
        periodStart: invoiceLines.periodStart,
        periodEnd: invoiceLines.periodEnd,
        amountCents: invoiceLines.amountCents,
        invoiceId: invoices.id,
        invoiceNumber: invoices.number,
        invoiceKind: invoices.kind,
        issueDate: invoices.issueDate,
        invoiceStatus: invoices.status,
      })
      .from(invoiceLines)
      .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
      .where(eq(invoiceLines.subscriptionId, subscriptionId))
      .orderBy(desc(invoices.issueDate), desc(invoiceLines.id))
      .limit(60),
    listPlans(db),
    subscriptionNetworkAccess(db, subscriptionId),
  ]);

  const rateCents = periodRate({
    plan: { name: row.plan.nameFr, monthlyPriceCents: row.plan.priceCents },
    priceOverrideCents: row.priceOverrideCents,
    discountCentsPerPeriod: row.campaignDiscountCents ?? 0,
    billingDay: row.billingDay,
    activationDate: row.startDate,
  });
  const commitment =
    row.commitmentMonths && row.campaignGiftCents
      ? {
          endDate: commitmentEnd({
            campaign: row.campaignCode ?? "—",
            giftCents: row.campaignGiftCents,
            commitmentMonths: row.commitmentMonths,
            startDate: row.startDate,
          }),
        }
      : null;
  return {
    ...row,
    ...network,
    rateCents,
    commitment,
    today,
    nextPeriodStart:
      row.status === "active" || row.status === "suspended"
        ? nextPeriodStart(today < row.startDate ? row.startDate : today, row.billingDay)
        : null,
    history,
    lines,
    plans,
  };
}
