/**
 * Plan changes and cancellations asked for from the portal. The customer sees the same preview
 * the office would (previewSubscriptionChange, the same rules and taxes); confirming writes a
 * request that staff approve or refuse (server/services/subscriptions/change-requests.ts).
 * The subscription is always looked up among the actor's own: another customer's is not found.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Database, Queryable } from "../../db/client";
import { items, serviceLocations, serviceSubscriptions, subscriptionChangeRequests } from "../../db/schema";
import type { TaxProvider } from "../../../lib/domain/billing";
import {
  commitmentNotice,
  downgradeCommitmentNotice,
  planChoices,
  requestDateChoices,
  requestDateProblem,
} from "../../../lib/domain/portal/plan-change";
import type {
  PortalChange,
  PortalChangePreview,
  PortalChangePreviewInput,
  PortalChangeRequestInput,
} from "../../../lib/schemas/portal-services";
import type { SubscriptionChange } from "../../../lib/schemas/subscriptions";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { NotFoundError, RecordAccessError, RuleViolationError, ServiceError } from "../errors";
import { previewSubscriptionChange } from "../subscriptions/apply-change";
import { lockSubscription } from "../subscriptions/change-state";

export interface PortalChangeOptions {
  provider: TaxProvider;
  /** Quebec calendar date of the request. */
  today: string;
}

type CustomerActor = Extract<Actor, { realm: "customer" }>;

function customerActor(actor: Actor): CustomerActor {
  if (actor.realm !== "customer") throw new RecordAccessError("Only a customer changes plans from the portal");
  return actor;
}

const customerIdOf = (actor: Actor): number => customerActor(actor).customerId;

const planColumns = {
  id: items.id,
  nameFr: items.nameFr,
  nameEn: items.nameEn,
  kind: items.kind,
  billing: items.billing,
  active: items.active,
  priceCents: items.priceCents,
  downloadMbps: items.downloadMbps,
  uploadMbps: items.uploadMbps,
};

async function ownSubscription(q: Queryable, customerId: number, subscriptionId: number) {
  const [row] = await q
    .select({ sub: serviceSubscriptions, plan: planColumns })
    .from(serviceSubscriptions)
    .innerJoin(items, eq(items.id, serviceSubscriptions.itemId))
    .where(and(eq(serviceSubscriptions.id, subscriptionId), eq(serviceSubscriptions.customerId, customerId)));
  if (!row) throw new NotFoundError("subscription", subscriptionId);
  return row;
}

/** Every monthly plan on sale; each subscription keeps those of its own kind. */
function salePlans(q: Queryable) {
  return q
    .select(planColumns)
    .from(items)
    .where(and(eq(items.billing, "recurring"), eq(items.active, true)))
    .orderBy(items.priceCents, items.id);
}

const requestColumns = {
  id: subscriptionChangeRequests.id,
  subscriptionId: subscriptionChangeRequests.subscriptionId,
  action: subscriptionChangeRequests.action,
  itemId: subscriptionChangeRequests.itemId,
  changeDate: subscriptionChangeRequests.changeDate,
  status: subscriptionChangeRequests.status,
  refusalReason: subscriptionChangeRequests.refusalReason,
  createdAt: subscriptionChangeRequests.createdAt,
  decidedAt: subscriptionChangeRequests.decidedAt,
};

/** The customer's subscriptions that can still change, each with its choices and its latest requests. */
export async function portalPlanOverview(db: Queryable, actor: Actor, today: string) {
  const customerId = customerIdOf(actor);
  const subs = await db
    .select({
      id: serviceSubscriptions.id,
      status: serviceSubscriptions.status,
      startDate: serviceSubscriptions.startDate,
      endDate: serviceSubscriptions.endDate,
      billingDay: serviceSubscriptions.billingDay,
      priceOverrideCents: serviceSubscriptions.priceOverrideCents,
      campaignCode: serviceSubscriptions.campaignCode,
      campaignGiftCents: serviceSubscriptions.campaignGiftCents,
      commitmentMonths: serviceSubscriptions.commitmentMonths,
      plan: planColumns,
      location: {
        id: serviceLocations.id,
        address: serviceLocations.address,
        unit: serviceLocations.unit,
        city: serviceLocations.city,
      },
    })
    .from(serviceSubscriptions)
    .innerJoin(items, eq(items.id, serviceSubscriptions.itemId))
    .innerJoin(serviceLocations, eq(serviceLocations.id, serviceSubscriptions.locationId))
    .where(
      and(
        eq(serviceSubscriptions.customerId, customerId),
        inArray(serviceSubscriptions.status, ["active", "suspended"]),
      ),
    )
    .orderBy(serviceSubscriptions.id);
  const [plans, requests] = await Promise.all([
    salePlans(db),
    db
      .select(requestColumns)
      .from(subscriptionChangeRequests)
      .where(eq(subscriptionChangeRequests.customerId, customerId))
      .orderBy(desc(subscriptionChangeRequests.createdAt), desc(subscriptionChangeRequests.id))
      .limit(50),
  ]);
  const planNames = new Map(plans.map((p) => [p.id, { nameFr: p.nameFr, nameEn: p.nameEn }]));
  return {
    today,
    subscriptions: subs.map((s) => {
      const mine = requests.filter((r) => r.subscriptionId === s.id);
      const terms = {
        campaignCode: s.campaignCode,
        giftCents: s.campaignGiftCents,
        commitmentMonths: s.commitmentMonths,
        startDate: s.startDate,
      };
      return {
        ...s,
        priceCents: s.priceOverrideCents ?? s.plan.priceCents,
        // Only an active subscription without an end date changes plan (the office's rule says why otherwise).
        canChangePlan: s.status === "active" && s.endDate === null,
        canCancel: s.endDate === null,
        choices: planChoices(s.plan, plans),
        dates: requestDateChoices(today, s.billingDay),
        commitment: commitmentNotice(terms, today),
        pendingRequest: mine.find((r) => r.status === "pending") ?? null,
        requests: mine.slice(0, 5).map((r) => ({ ...r, target: r.itemId ? (planNames.get(r.itemId) ?? null) : null })),
      };
    }),
  };
}

/** The office change the portal request stands for: a cancellation is at the period's end, noticed today. */
export function officeChangeOf(change: PortalChange, today: string): SubscriptionChange {
  return change.action === "changePlan"
    ? { action: "changePlan", subscriptionId: change.subscriptionId, itemId: change.itemId, date: change.date }
    : { action: "cancel", subscriptionId: change.subscriptionId, date: today, mode: "period-end" };
}

/** The portal's own rules on top of the office's: a plan the customer may pick, a date from today on. */
async function checkPortalRules(q: Queryable, customerId: number, change: PortalChange, today: string) {
  const own = await ownSubscription(q, customerId, change.subscriptionId);
  if (change.action === "cancel") return { own, target: null };
  const problem = requestDateProblem(change.date, today);
  if (problem)
    throw new RuleViolationError(`The change date ${change.date} is ${problem} (today is ${today})`, "date", {
      key: problem === "past" ? "errors.portalPlans.pastDate" : "errors.portalPlans.tooFar",
      params: { date: change.date, today },
    });
  const [target] = await q.select(planColumns).from(items).where(eq(items.id, change.itemId));
  if (!target || !planChoices(own.plan, [target]).length)
    throw new RuleViolationError(`Plan ${change.itemId} is not offered for this subscription`, "itemId", {
      key: "errors.portalPlans.planUnavailable",
    });
  return { own, target };
}

async function computePreview(
  q: Queryable,
  customerId: number,
  change: PortalChange,
  locale: "fr" | "en",
  options: PortalChangeOptions,
): Promise<PortalChangePreview> {
  const { own, target } = await checkPortalRules(q, customerId, change, options.today);
  const preview = await previewSubscriptionChange(
    q,
    { change: officeChangeOf(change, options.today), locale },
    { provider: options.provider, today: options.today },
  );
  const terms = {
    campaignCode: own.sub.campaignCode,
    giftCents: own.sub.campaignGiftCents,
    commitmentMonths: own.sub.commitmentMonths,
    startDate: own.sub.startDate,
  };
  const penalty = preview.lines.find((l) => l.kind === "penalty");
  const commitment = target
    ? downgradeCommitmentNotice(
        terms,
        own.sub.priceOverrideCents ?? own.plan.priceCents,
        target.priceCents,
        preview.effectiveDate,
      )
    : penalty
      ? commitmentNotice(terms, penalty.periodStart)
      : null;
  return { ...preview, commitment };
}

export async function previewPortalChange(
  db: Queryable,
  actor: Actor,
  input: PortalChangePreviewInput,
  options: PortalChangeOptions,
): Promise<PortalChangePreview> {
  const customerId = customerIdOf(actor);
  return computePreview(db, customerId, input.change, input.locale ?? "fr", options);
}

async function requestByKey(q: Queryable, customerId: number, requestKey: string) {
  const [row] = await q
    .select(requestColumns)
    .from(subscriptionChangeRequests)
    .where(
      and(eq(subscriptionChangeRequests.customerId, customerId), eq(subscriptionChangeRequests.requestKey, requestKey)),
    );
  return row ?? null;
}

/**
 * Confirms a previewed change as a request for staff. A second submission with the same key
 * (double tap, retried post) returns the first request; another open request on the same
 * subscription is refused until staff answer it.
 */
export async function requestPortalChange(
  db: Database,
  actor: Actor,
  input: PortalChangeRequestInput,
  options: PortalChangeOptions,
) {
  const customerId = customerIdOf(actor);
  const earlier = await requestByKey(db, customerId, input.requestKey);
  if (earlier) return { request: earlier, replayed: true };
  const preview = await computePreview(db, customerId, input.change, "fr", options);
  return db.transaction(async (tx) => {
    // Two submissions of one form meet here: the second waits, then finds the first's row.
    await lockSubscription(tx, input.change.subscriptionId);
    const raced = await requestByKey(tx, customerId, input.requestKey);
    if (raced) return { request: raced, replayed: true };
    const [pending] = await tx
      .select({ id: subscriptionChangeRequests.id })
      .from(subscriptionChangeRequests)
      .where(
        and(
          eq(subscriptionChangeRequests.subscriptionId, input.change.subscriptionId),
          eq(subscriptionChangeRequests.status, "pending"),
        ),
      );
    if (pending)
      throw new ServiceError("conflict", `Subscription ${input.change.subscriptionId} already has an open request`, {
        key: "errors.portalPlans.pendingRequest",
      });
    const change = input.change;
    const [row] = await tx
      .insert(subscriptionChangeRequests)
      .values({
        customerId,
        subscriptionId: change.subscriptionId,
        action: change.action,
        itemId: change.action === "changePlan" ? change.itemId : null,
        changeDate: change.action === "changePlan" ? change.date : options.today,
        requestKey: input.requestKey,
        preview: { ...preview },
        requestedBy: customerActor(actor).userId,
      })
      .returning({ id: subscriptionChangeRequests.id });
    await recordAudit(tx, actor, {
      action: `subscription.request.${change.action}`,
      entityType: "subscription",
      entityId: change.subscriptionId,
      changes: {
        request: { from: null, to: row!.id },
        ...(change.action === "changePlan" ? { itemId: { from: null, to: change.itemId } } : {}),
        totalCents: { from: null, to: preview.totalCents },
      },
    });
    const request = await requestByKey(tx, customerId, input.requestKey);
    return { request: request!, replayed: false };
  });
}
