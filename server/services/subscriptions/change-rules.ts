/**
 * A requested change turned into what to write: the subscription's new fields, the history
 * row and the invoice lines, using the pure rules of ADR 0003. No I/O: preview and apply call
 * the same function, so the preview shows exactly what apply writes.
 *
 * Billing is in advance, so besides the period containing the change date, a later period may
 * already be invoiced (the run on the 1st bills periods starting later that month): those whole
 * periods are credited (cancellation) or re-billed (plan change) too.
 */
import {
  activationLines,
  billingDayFor,
  cancellationLines,
  commitmentPayback,
  nextPeriodStart,
  periodContaining,
  periodLine,
  planChangeLines,
  resumeLines,
  type InvoiceLine,
  type Locale,
  type Subscription,
} from "../../../lib/domain/billing";
import type { SubscriptionChange } from "../../../lib/schemas/subscriptions";
import type { subscriptionChangeKind } from "../../db/schema";
import { RuleViolationError } from "../errors";
import type { ChangeState, PlanRow, SubscriptionRow } from "./change-state";

export type ChangeKind = (typeof subscriptionChangeKind.enumValues)[number];
export type StoredLineKind = "period" | "credit" | "charge" | "penalty";

export interface PricedLine {
  line: InvoiceLine;
  itemId: number | null;
  storedKind: StoredLineKind;
}

export interface ComputedChange {
  kind: ChangeKind;
  effectiveDate: string;
  patch: Partial<SubscriptionRow>;
  details: Record<string, unknown>;
  lines: PricedLine[];
}

export interface ChangeContext {
  today: string;
  /** Plan names on the lines: the clerk's language for a preview, the customer's for the invoice. */
  locale: Locale;
  /** The new plan of a changePlan. */
  targetPlan?: PlanRow | null;
}

/**
 * The pure rules throw RangeError for impossible dates; to the caller that is a broken rule. Their
 * English reason stays the developers' message; the person reads a sentence of the catalog.
 */
function rule<T>(work: () => T, field = "date"): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof RangeError) {
      const key = /must be a calendar date/.test(error.message)
        ? "errors.input.calendarDate"
        : "errors.subscription.impossibleChange";
      throw new RuleViolationError(error.message, field, { key, params: { field } });
    }
    throw error;
  }
}

function terms(
  sub: SubscriptionRow,
  plan: PlanRow,
  locale: Locale,
  overrides: Partial<SubscriptionRow> = {},
): Subscription {
  const s = { ...sub, ...overrides };
  return {
    plan: { name: locale === "en" ? plan.nameEn : plan.nameFr, monthlyPriceCents: plan.priceCents },
    priceOverrideCents: s.priceOverrideCents,
    discountCentsPerPeriod: s.campaignDiscountCents ?? 0,
    billingDay: s.billingDay,
    activationDate: s.startDate,
  };
}

type StatusChange = "activate" | "changePlan" | "suspend" | "resume" | "cancel";

function requireStatus(
  state: ChangeState,
  allowed: SubscriptionRow["status"][],
  change: StatusChange,
  what: string,
  hint: string,
): void {
  if (!allowed.includes(state.sub.status)) {
    throw new RuleViolationError(`Cannot ${what} a subscription that is ${state.sub.status}: ${hint}`, "status", {
      key: "errors.subscription.status",
      params: { change, status: state.sub.status },
    });
  }
}

function requireDateInOrder(state: ChangeState, date: string): void {
  if (date < state.sub.startDate)
    throw new RuleViolationError(
      `The date ${date} is before the activation date ${state.sub.startDate}; choose a date on or after it`,
      "date",
      { key: "errors.subscription.beforeActivation", params: { date, start: state.sub.startDate } },
    );
  if (state.lastDatedChange && date < state.lastDatedChange) {
    throw new RuleViolationError(
      `The date ${date} is before the last change (${state.lastDatedChange}); changes are applied in date order`,
      "date",
      { key: "errors.subscription.beforeLastChange", params: { date, last: state.lastDatedChange } },
    );
  }
}

/** Whole periods already invoiced that start on or after `from`. */
function invoicedFrom(state: ChangeState, from: string): string[] {
  return state.invoicedPeriodStarts.filter((start) => start >= from);
}

const line = (l: InvoiceLine, itemId: number | null, storedKind: StoredLineKind): PricedLine => ({
  line: l,
  itemId,
  storedKind,
});
const byKind = (l: InvoiceLine, itemId: number | null): PricedLine =>
  line(l, itemId, l.kind === "charge" ? "charge" : l.kind);

function activate(state: ChangeState, date: string, ctx: ChangeContext): ComputedChange {
  requireStatus(state, ["pending"], "activate", "activate", "only a pending subscription can be activated");
  const patch = {
    status: "active" as const,
    startDate: date,
    billingDay: rule(() => billingDayFor(date)),
    radiusStatus: "enabled" as const,
    endDate: null,
  };
  const sub = terms(state.sub, state.plan, ctx.locale, patch);
  // Periods that began between the activation and today are owed too: the run skipped them while pending.
  const lines = rule(() => activationLines(sub)).map((l) => line(l, state.plan.id, "period"));
  for (
    let start = nextPeriodStart(date, patch.billingDay);
    start <= ctx.today;
    start = nextPeriodStart(start, patch.billingDay)
  ) {
    lines.push(line(periodLine(sub, start), state.plan.id, "period"));
  }
  return {
    kind: "activation",
    effectiveDate: date,
    patch,
    details: { billingDay: patch.billingDay, plannedStartDate: state.sub.startDate },
    lines,
  };
}

function changePlan(state: ChangeState, date: string, ctx: ChangeContext): ComputedChange {
  if (state.sub.status === "pending")
    throw new RuleViolationError("Cannot change the plan of a pending subscription: activate it first", "status", {
      key: "errors.subscription.status",
      params: { change: "changePlan", status: "pending" },
    });
  requireStatus(state, ["active"], "changePlan", "change the plan of", "resume it first");
  if (state.sub.endDate)
    throw new RuleViolationError(
      `The subscription ends on ${state.sub.endDate}; a plan change is not possible after a cancellation`,
      "status",
      { key: "errors.subscription.endsNoPlanChange", params: { end: state.sub.endDate } },
    );
  const target = ctx.targetPlan;
  if (!target)
    throw new RuleViolationError("The new plan was not found; choose one from the list", "itemId", {
      key: "errors.subscription.planNotFound",
    });
  if (target.id === state.plan.id)
    throw new RuleViolationError(
      `The subscription is already on ${target.nameFr} / ${target.nameEn}; choose another plan`,
      "itemId",
      { key: "errors.subscription.samePlan", params: { nameFr: target.nameFr, nameEn: target.nameEn } },
    );
  if (target.billing !== "recurring" || !target.active)
    throw new RuleViolationError(`${target.nameEn} is not an active monthly plan; choose another plan`, "itemId", {
      key: "errors.subscription.planNotRecurring",
      params: { nameFr: target.nameFr, nameEn: target.nameEn },
    });
  requireDateInOrder(state, date);
  // A price override was negotiated for the old plan: the new plan starts at its own price.
  const patch = { itemId: target.id, priceOverrideCents: null };
  const before = terms(state.sub, state.plan, ctx.locale);
  const after = terms(state.sub, target, ctx.locale, patch);
  const period = rule(() => periodContaining(date, state.sub.billingDay));
  const lines: PricedLine[] = [];
  const add = (ls: InvoiceLine[]) =>
    ls.forEach((l) => lines.push(byKind(l, l.kind === "credit" ? state.plan.id : target.id)));
  add(
    rule(() =>
      planChangeLines(before, after, date, { periodInvoiced: state.invoicedPeriodStarts.includes(period.start) }),
    ),
  );
  for (const start of invoicedFrom(state, period.end))
    add(planChangeLines(before, after, start, { periodInvoiced: true }));
  return {
    kind: "plan_change",
    effectiveDate: date,
    patch,
    lines,
    details: {
      fromItemId: state.plan.id,
      toItemId: target.id,
      clearedPriceOverrideCents: state.sub.priceOverrideCents,
    },
  };
}

function suspend(state: ChangeState, date: string): ComputedChange {
  requireStatus(state, ["active"], "suspend", "suspend", "only an active subscription can be suspended");
  if (state.sub.endDate)
    throw new RuleViolationError(`The subscription ends on ${state.sub.endDate}; it cannot be suspended`, "status", {
      key: "errors.subscription.endsNoSuspend",
      params: { end: state.sub.endDate },
    });
  requireDateInOrder(state, date);
  return {
    kind: "suspension",
    effectiveDate: date,
    lines: [],
    details: {},
    patch: { status: "suspended", radiusStatus: "suspended", suspendedSince: date, suspendedForDunning: false },
  };
}

function resume(state: ChangeState, date: string, ctx: ChangeContext): ComputedChange {
  requireStatus(state, ["suspended"], "resume", "resume", "only a suspended subscription can be resumed");
  const since = state.sub.suspendedSince ?? state.lastDatedChange ?? state.sub.startDate;
  if (date < since)
    throw new RuleViolationError(
      `The resume date ${date} is before the suspension start ${since}; choose a date on or after it`,
      "date",
      { key: "errors.subscription.resumeBeforeSuspension", params: { date, since } },
    );
  const sub = terms(state.sub, state.plan, ctx.locale);
  const firstEnd = rule(() => periodContaining(since, state.sub.billingDay).end);
  const lastStart = state.invoicedPeriodStarts.at(-1);
  const lastEnd = lastStart ? periodContaining(lastStart, state.sub.billingDay).end : firstEnd;
  const invoicedUntil = lastEnd > firstEnd ? lastEnd : firstEnd;
  const lines = rule(() => resumeLines(sub, since, date, invoicedUntil)).map((l) =>
    line(l, state.plan.id, l.kind === "credit" ? "credit" : "period"),
  );
  return {
    kind: "resume",
    effectiveDate: date,
    lines,
    details: { suspendedSince: since, suspendedForDunning: state.sub.suspendedForDunning },
    patch: { status: "active", radiusStatus: "enabled", suspendedSince: null, suspendedForDunning: false },
  };
}

function cancel(
  state: ChangeState,
  date: string,
  mode: "period-end" | "immediate",
  ctx: ChangeContext,
): ComputedChange {
  requireStatus(state, ["pending", "active", "suspended"], "cancel", "cancel", "it is already cancelled");
  if (state.sub.endDate)
    throw new RuleViolationError(
      `A cancellation is already recorded: the subscription ends on ${state.sub.endDate}`,
      "status",
      { key: "errors.subscription.alreadyCancelled", params: { end: state.sub.endDate } },
    );
  if (state.sub.status === "pending") {
    // Never in service, never invoiced: nothing to credit or pay back.
    const endDate = date > state.sub.startDate ? date : state.sub.startDate;
    return {
      kind: "cancellation",
      effectiveDate: date,
      lines: [],
      details: { mode, neverActivated: true },
      patch: { status: "cancelled", endDate, radiusStatus: "disabled" },
    };
  }
  if (state.sub.status === "suspended" && mode === "immediate") {
    throw new RuleViolationError(
      "Resume the subscription before cancelling it immediately, on the same date: its suspended days are credited at the resume",
      "status",
      { key: "errors.subscription.resumeBeforeCancel" },
    );
  }
  requireDateInOrder(state, date);
  const sub = terms(state.sub, state.plan, ctx.locale);
  const period = rule(() => periodContaining(date, state.sub.billingDay));
  const endDate = mode === "immediate" ? date : period.end;
  const lines = rule(() => cancellationLines(sub, date, mode)).map((l) => byKind(l, state.plan.id));
  for (const start of invoicedFrom(state, period.end))
    lines.push(...cancellationLines(sub, start, "immediate").map((l) => byKind(l, state.plan.id)));
  const s = state.sub;
  if (s.campaignGiftCents && s.commitmentMonths) {
    const payback = rule(() =>
      commitmentPayback(
        {
          campaign: s.campaignCode ?? "—",
          giftCents: s.campaignGiftCents!,
          commitmentMonths: s.commitmentMonths!,
          startDate: s.startDate,
        },
        endDate,
      ),
    );
    if (payback) lines.push(line(payback, null, "penalty"));
  }
  const patch: Partial<SubscriptionRow> =
    mode === "immediate"
      ? { status: "cancelled", endDate, radiusStatus: "disabled", suspendedSince: null }
      : { endDate };
  return { kind: "cancellation", effectiveDate: date, lines, patch, details: { mode, endDate } };
}

/** Price settings never touch the period already invoiced: they apply from the next one. */
function nextPeriodOf(state: ChangeState, date: string): string {
  if (state.sub.status === "cancelled")
    throw new RuleViolationError("The subscription is cancelled; its price can no longer change", "status", {
      key: "errors.subscription.cancelledPrice",
    });
  if (state.sub.status === "pending") return date < state.sub.startDate ? state.sub.startDate : date;
  if (date < state.sub.startDate)
    throw new RuleViolationError(
      `The date ${date} is before the activation date ${state.sub.startDate}; choose a date on or after it`,
      "date",
      { key: "errors.subscription.beforeActivation", params: { date, start: state.sub.startDate } },
    );
  return rule(() => nextPeriodStart(date, state.sub.billingDay));
}

function setPriceOverride(state: ChangeState, date: string, cents: number | null): ComputedChange {
  if (cents !== null && (!Number.isSafeInteger(cents) || cents < 0)) {
    throw new RuleViolationError(
      `The price override must be 0 or more (in cents), got ${String(cents)}; leave it empty to use the plan price`,
      "priceOverrideCents",
      { key: "errors.subscription.negativeOverride" },
    );
  }
  if (cents === state.sub.priceOverrideCents)
    throw new RuleViolationError("The price override is already this amount; nothing to change", "priceOverrideCents", {
      key: "errors.subscription.sameOverride",
    });
  const effectiveDate = nextPeriodOf(state, date);
  return {
    kind: "price_override",
    effectiveDate,
    lines: [],
    patch: { priceOverrideCents: cents },
    details: { from: state.sub.priceOverrideCents, to: cents },
  };
}

function setCampaignDiscount(state: ChangeState, date: string, code: string | null, cents: number): ComputedChange {
  if (!Number.isSafeInteger(cents) || cents < 0)
    throw new RuleViolationError(
      `The campaign discount must be 0 or more (in cents per period), got ${String(cents)}`,
      "discountCents",
      { key: "errors.subscription.negativeDiscount" },
    );
  const campaignCode = code?.trim() || null;
  if (cents > 0 && !campaignCode)
    throw new RuleViolationError("A campaign discount needs its campaign code", "campaignCode", {
      key: "errors.subscription.discountNeedsCode",
    });
  const discount = cents === 0 ? null : cents;
  if (discount === state.sub.campaignDiscountCents && campaignCode === state.sub.campaignCode) {
    throw new RuleViolationError("The campaign discount is already set this way; nothing to change", "discountCents", {
      key: "errors.subscription.sameDiscount",
    });
  }
  const effectiveDate = nextPeriodOf(state, date);
  return {
    kind: "campaign",
    effectiveDate,
    lines: [],
    patch: { campaignCode, campaignDiscountCents: discount },
    details: {
      from: { code: state.sub.campaignCode, cents: state.sub.campaignDiscountCents },
      to: { code: campaignCode, cents: discount },
    },
  };
}

export function computeChange(state: ChangeState, change: SubscriptionChange, ctx: ChangeContext): ComputedChange {
  switch (change.action) {
    case "activate":
      return activate(state, change.date, ctx);
    case "changePlan":
      return changePlan(state, change.date, ctx);
    case "suspend":
      return suspend(state, change.date);
    case "resume":
      return resume(state, change.date, ctx);
    case "cancel":
      return cancel(state, change.date, change.mode, ctx);
    case "setPriceOverride":
      return setPriceOverride(state, change.date, change.priceOverrideCents);
    case "setCampaignDiscount":
      return setCampaignDiscount(state, change.date, change.campaignCode, change.discountCents);
  }
}
