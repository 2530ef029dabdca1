import { radiusPasswordBinding } from "../../crypto/encrypted-columns";
import type { serviceSubscriptions } from "../../db/schema";
import { asciiSlug } from "../names";
import { distribute, Rng } from "../random";
import { BUSINESS_PLANS, itemBySku, LEGACY_PLANS, RESIDENTIAL_PLANS } from "./catalog";
import { monthDate, periodEnd, shared, type RowOf, type SeedContext } from "./context";
import { customersOf, lastIssuableMonth, type CustomerPlan } from "./customers";
import { OPEN_END, type LocationPlan } from "./locations";
import { DAY, formatDay, historicLocal, iso } from "./time";

type Item = ReturnType<typeof itemBySku>;

export interface SubscriptionPlan {
  id: number;
  location: LocationPlan;
  customer: CustomerPlan;
  item: Item;
  status: "pending" | "active" | "suspended" | "cancelled";
  /** Billed months, inclusive (OPEN_END while running); pending subscriptions are never billed. */
  startMonth: number;
  endMonth: number;
  startDate: string;
  endDate: string | null;
  priceOverrideCents: number | null;
  campaignCode: string | null;
  campaignGiftCents: number | null;
  commitmentMonths: number | null;
  radiusUsername: string | null;
  radiusPassword: string | null;
  createdMs: number;
  updatedMs: number;
}

/** The monthly price actually billed. */
export function billedPrice(sub: SubscriptionPlan): number {
  return sub.priceOverrideCents ?? sub.item.priceCents;
}

const DEMO_SUBS: Record<string, readonly string[]> = {
  "0:0": ["INT-FIB-500", "TV-PLUS", "TEL-RES", "EQ-ROUTER-RENT", "EQ-TVBOX-RENT"],
  "0:1": ["INT-FIB-100"],
  "1:0": ["INT-FIB-1000", "EQ-ROUTER-RENT"],
};
const CAMPAIGNS = ["BIENVENUE", "RENTREE", "PRINTEMPS", "PARRAINAGE", "FIBRE-REGION"];

function internetPlan(rng: Rng, loc: LocationPlan): string {
  if (loc.customer.kind === "business") return rng.pick(BUSINESS_PLANS);
  if (loc.startMonth < 12 && rng.chance(0.35)) return rng.pick(LEGACY_PLANS);
  return rng.weighted(RESIDENTIAL_PLANS.map((p, i) => [p, [20, 35, 20, 20, 5][i] ?? 1] as const));
}

/** Add-ons drawn without repetition; taking TV or a phone line unlocks its own options. */
function extrasFor(rng: Rng, loc: LocationPlan, count: number): string[] {
  const pool = new Map<string, number>(
    loc.customer.kind === "business"
      ? [
          ["TEL-AFF", 30],
          ["SVC-PRIORITY", 15],
          ["EQ-ROUTER-RENT", 20],
          ["EQ-MESH-RENT", 10],
          ...(loc.ipMode === "static" ? [["SVC-STATIC-IP", 50] as const] : []),
        ]
      : [
          ["EQ-ROUTER-RENT", 30],
          ["TV", 25],
          ["TEL-RES", 18],
          ["EQ-MESH-RENT", 8],
        ],
  );
  const unlocks: Record<string, Array<[string, number]>> = {
    TV: [
      ["TV-SPORTS", 8],
      ["TV-CINEMA", 6],
      ["EQ-TVBOX-RENT", 20],
    ],
    "TEL-RES": [["TEL-LD", 10]],
    "TEL-AFF": [["TEL-LD", 15]],
  };
  const picked: string[] = [];
  while (picked.length < count && pool.size > 0) {
    const choice = rng.weighted([...pool.entries()]);
    pool.delete(choice);
    for (const [sku, w] of unlocks[choice] ?? []) pool.set(sku, w);
    picked.push(choice === "TV" ? (rng.chance(0.6) ? "TV-BASE" : "TV-PLUS") : choice);
  }
  return picked;
}

function makeSub(
  ctx: SeedContext,
  rng: Rng,
  loc: LocationPlan,
  sku: string,
  id: number,
  primary: boolean,
): SubscriptionPlan {
  const c = loc.customer;
  const item = itemBySku(sku);
  const lastBillable = Math.min(loc.endMonth, lastIssuableMonth(ctx, c.billingDay));
  let startMonth = loc.startMonth;
  let endMonth = loc.endMonth;
  if (!primary && loc.status !== "planned" && c.demo < 0) {
    if (rng.chance(0.3)) startMonth = rng.int(loc.startMonth, lastBillable);
    if (rng.chance(0.12)) endMonth = rng.int(startMonth, lastBillable);
  }
  const pendingStart = ctx.todayMs + rng.int(2, 14) * DAY;
  const startMs = loc.status === "planned" ? pendingStart : monthDate(ctx, startMonth, c.billingDay);
  const endMs = endMonth === OPEN_END ? null : periodEnd(ctx, endMonth, c.billingDay);
  const status: SubscriptionPlan["status"] =
    loc.status === "planned"
      ? "pending"
      : endMs !== null && endMs < ctx.todayMs
        ? "cancelled"
        : loc.status === "suspended"
          ? "suspended"
          : "active";
  const internet = item.kind === "internet";
  const campaign = internet && c.demo < 0 && startMonth >= 3 && rng.chance(0.12);
  const startYear = new Date(startMs).getUTCFullYear();
  const createdMs = historicLocal(startMs - rng.int(1, 10) * DAY, rng.int(8 * 60, 18 * 60));
  const slug = c.companyName
    ? asciiSlug(c.companyName).slice(0, 12)
    : `${asciiSlug(c.lastName).slice(0, 10)}${asciiSlug(c.firstName).slice(0, 1)}`;
  return {
    id,
    location: loc,
    customer: c,
    item,
    status,
    startMonth,
    endMonth,
    startDate: formatDay(startMs),
    endDate: endMs === null ? null : formatDay(endMs),
    priceOverrideCents:
      c.demo < 0 && rng.chance(c.kind === "business" ? 0.2 : 0.08)
        ? Math.max(0, Math.round((item.priceCents * rng.float(0.7, 0.95)) / 100) * 100 - 5)
        : null,
    campaignCode: campaign ? `${rng.pick(CAMPAIGNS)}-${startYear}` : null,
    campaignGiftCents: campaign ? rng.pick([2500, 5000, 10000]) : null,
    commitmentMonths: campaign ? rng.pick([12, 24]) : c.kind === "business" && internet && rng.chance(0.25) ? 36 : null,
    radiusUsername: internet ? `${slug}.${id}` : null,
    radiusPassword: internet ? rng.textId(12) : null,
    createdMs: Math.min(createdMs, ctx.nowMs - DAY),
    updatedMs:
      endMs !== null && status === "cancelled" ? Math.max(createdMs, historicLocal(endMs, 12 * 60)) : createdMs,
  };
}

export function planSubscriptions(ctx: SeedContext): SubscriptionPlan[] {
  const rng = Rng.for(ctx.scale, "subscriptions");
  const { locations } = customersOf(ctx);
  const n = locations.length;
  const weights = new Float64Array(n);
  const min = new Int32Array(n);
  const max = new Int32Array(n);
  const demoKey = (loc: LocationPlan) => `${loc.customer.demo}:${loc.customer.locations.indexOf(loc)}`;
  locations.forEach((loc, i) => {
    const demo = loc.customer.demo >= 0 ? DEMO_SUBS[demoKey(loc)] : undefined;
    const base = loc.status === "disconnected" ? 0.5 : loc.status === "planned" ? 0.3 : 1;
    weights[i] = base * (loc.customer.kind === "business" ? 2 : 1);
    min[i] = demo ? demo.length - 1 : 0;
    max[i] = demo ? demo.length - 1 : loc.customer.kind === "business" ? 5 : 4;
  });
  const extras = distribute(rng, ctx.volumes.subscriptions - n, weights, min, max);
  const subs: SubscriptionPlan[] = [];
  locations.forEach((loc, i) => {
    const demo = loc.customer.demo >= 0 ? DEMO_SUBS[demoKey(loc)] : undefined;
    const skus = demo ?? [internetPlan(rng, loc), ...extrasFor(rng, loc, extras[i] ?? 0)];
    skus.forEach((sku, j) => {
      const sub = makeSub(ctx, rng, loc, sku, subs.length + 1, j === 0);
      loc.subs.push(sub);
      subs.push(sub);
    });
  });
  return subs;
}

export function subscriptionsOf(ctx: SeedContext): SubscriptionPlan[] {
  return shared(ctx, "subscriptions", () => planSubscriptions(ctx));
}

export function* subscriptionRows(ctx: SeedContext): Generator<RowOf<typeof serviceSubscriptions>> {
  for (const s of subscriptionsOf(ctx)) {
    yield {
      id: s.id,
      legacyId: `SUB-${String(s.id).padStart(6, "0")}`,
      customerId: s.customer.id,
      locationId: s.location.id,
      itemId: s.item.id,
      status: s.status,
      startDate: s.startDate,
      endDate: s.endDate,
      billingDay: s.customer.billingDay,
      priceOverrideCents: s.priceOverrideCents,
      campaignCode: s.campaignCode,
      campaignGiftCents: s.campaignGiftCents,
      commitmentMonths: s.commitmentMonths,
      radiusUsername: s.radiusUsername,
      radiusPasswordEncrypted:
        s.radiusPassword === null ? null : ctx.sealSecret(s.radiusPassword, radiusPasswordBinding(s.id)),
      radiusStatus:
        s.radiusUsername === null
          ? "enabled"
          : s.status === "active"
            ? "enabled"
            : s.status === "suspended"
              ? "suspended"
              : "disabled",
      createdAt: iso(s.createdMs),
      updatedAt: iso(s.updatedMs),
    };
  }
}
