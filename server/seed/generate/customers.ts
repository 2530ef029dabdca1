import { DEMO_CUSTOMERS } from "../demo-accounts";
import {
  asciiSlug,
  BUSINESS_KINDS_EN,
  BUSINESS_KINDS_FR,
  BUSINESS_SUFFIXES,
  EMAIL_DOMAINS,
  ENGLISH_FIRST_NAMES,
  ENGLISH_LAST_NAMES,
  FRENCH_FIRST_NAMES,
  FRENCH_LAST_NAMES,
  TOWNS,
  type Town,
} from "../names";
import { Rng } from "../random";
import { monthDate, shared, type SeedContext } from "./context";
import { buildLocations, type LocationPlan } from "./locations";
import { DAY, historicLocal } from "./time";
import { HISTORY_MONTHS } from "./volumes";

/** How a customer pays: drives payments, unpaid invoices and suspensions. */
export type PayBehaviour = "preauth" | "prompt" | "late" | "overdue";

export interface CustomerPlan {
  id: number;
  /** Index in DEMO_CUSTOMERS, or -1. */
  demo: number;
  kind: "residential" | "business";
  status: "active" | "inactive" | "prospect";
  language: "fr" | "en";
  firstName: string;
  lastName: string;
  companyName: string | null;
  displayName: string;
  email: string | null;
  phone: string;
  mobile: string | null;
  town: Town;
  billingDay: number;
  /** First and last billed month index (see SeedContext); prospects start after HISTORY_MONTHS. */
  startMonth: number;
  endMonth: number;
  createdMs: number;
  pay: PayBehaviour;
  /** How many of the latest invoices stay unpaid. */
  unpaidTail: number;
  stripeCustomerId: string | null;
  notes: string | null;
  locations: LocationPlan[];
}

export interface CustomersPlan {
  customers: CustomerPlan[];
  locations: LocationPlan[];
}

const ENGLISH_TOWNS = new Set([
  "North Hatley",
  "Stanstead",
  "Ayer's Cliff",
  "Lac-Brome",
  "Sutton",
  "Richmond",
  "Bedford",
  "Waterloo",
  "Dunham",
]);
const NOTES = [
  "Préfère être contacté par texto.",
  "Chien dans la cour : sonner avant d'entrer.",
  "Client depuis l'ancien réseau coopératif.",
  "Travaille de nuit, ne pas appeler avant midi.",
  "Prefers e-mail in English.",
  "Facturation envoyée au comptable.",
];

/** Last month index whose invoice is already issued for this billing day. */
export function lastIssuableMonth(ctx: SeedContext, billingDay: number): number {
  return monthDate(ctx, HISTORY_MONTHS, billingDay) <= ctx.todayMs ? HISTORY_MONTHS : HISTORY_MONTHS - 1;
}

export function invoiceCount(ctx: SeedContext, c: CustomerPlan): number {
  if (c.status === "prospect") return 0;
  return Math.max(0, Math.min(c.endMonth, lastIssuableMonth(ctx, c.billingDay)) - c.startMonth + 1);
}

function phoneNumber(rng: Rng, town: Town): { pretty: string; digits: string } {
  // The 555 exchange is not assigned to real lines: no seed row can ring a stranger.
  const area = rng.pick(town.areaCodes);
  const line = rng.digits(4);
  return { pretty: `(${area}) 555-${line}`, digits: `${area}555${line}` };
}

function makeCustomer(
  ctx: SeedContext,
  rng: Rng,
  index: number,
  towns: readonly (readonly [Town, number])[],
): CustomerPlan {
  const demoIndex = index < DEMO_CUSTOMERS.length ? index : -1;
  const demo = DEMO_CUSTOMERS[demoIndex];
  const town = demo ? (TOWNS.find((t) => t.name === demo.town) as Town) : rng.weighted(towns);
  const language = demo ? demo.language : rng.chance(ENGLISH_TOWNS.has(town.name) ? 0.55 : 0.15) ? "en" : "fr";
  const kind = demo || rng.chance(0.92) ? "residential" : "business";
  const firstName = demo?.firstName ?? rng.pick(language === "fr" ? FRENCH_FIRST_NAMES : ENGLISH_FIRST_NAMES);
  const lastName = demo?.lastName ?? rng.pick(language === "fr" ? FRENCH_LAST_NAMES : ENGLISH_LAST_NAMES);
  let companyName: string | null = null;
  if (kind === "business") {
    const k = rng.int(0, BUSINESS_KINDS_FR.length - 1);
    companyName =
      language === "fr"
        ? `${BUSINESS_KINDS_FR[k]} ${lastName} ${rng.pick(BUSINESS_SUFFIXES)}`.trim()
        : `${lastName} ${BUSINESS_KINDS_EN[k]} ${rng.pick(["Inc.", "Ltd.", ""])}`.trim();
  }
  const status = demo
    ? "active"
    : rng.weighted<CustomerPlan["status"]>([
        ["active", 92],
        ["inactive", 7],
        ["prospect", 1],
      ]);
  const billingDay = demo ? ([5, 17][demoIndex] ?? 1) : rng.int(1, 28);
  let startMonth = demo ? ([14, 24][demoIndex] ?? 20) : rng.int(0, HISTORY_MONTHS - 1);
  let endMonth = HISTORY_MONTHS;
  if (status === "inactive") {
    startMonth = rng.int(0, HISTORY_MONTHS - 3);
    // Ended at least a full period ago, so every cancellation is already in effect today.
    endMonth = rng.int(startMonth, HISTORY_MONTHS - 2);
  } else if (status === "prospect") {
    startMonth = HISTORY_MONTHS + 1;
  }
  const pay = demo
    ? "prompt"
    : rng.weighted<PayBehaviour>([
        ["preauth", 40],
        ["prompt", 42],
        ["late", 12],
        ["overdue", 6],
      ]);
  const slugName = `${asciiSlug(firstName)}.${asciiSlug(lastName)}`;
  const email = demo
    ? demo.email
    : rng.chance(kind === "business" ? 0.95 : 0.88)
      ? `${companyName ? `info.${asciiSlug(companyName).slice(0, 18)}` : slugName}${index + 1}@${rng.pick(EMAIL_DOMAINS)}`
      : null;
  const phone = phoneNumber(rng, town);
  const mobile = rng.chance(kind === "business" ? 0.3 : 0.6) ? phoneNumber(rng, town).digits : null;
  const mobileText = mobile
    ? rng.pick([
        `${mobile.slice(0, 3)}-${mobile.slice(3, 6)}-${mobile.slice(6)}`,
        `${mobile.slice(0, 3)} ${mobile.slice(3, 6)} ${mobile.slice(6)}`,
        mobile,
      ])
    : null;
  const unpaidTail = demoIndex === 0 ? 1 : pay === "overdue" ? rng.int(1, 3) : 0;
  // The legacy data had Stripe ids of another account, so demo customers get theirs on their
  // first card charge. The random draws stay, so every later field of the seed is unchanged.
  if (pay !== "preauth" && rng.chance(0.35)) rng.textId(14);
  return {
    id: 0,
    demo: demoIndex,
    kind,
    status,
    language,
    firstName,
    lastName,
    companyName,
    displayName: companyName ?? `${firstName} ${lastName}`,
    email,
    phone: phone.pretty,
    // Mobiles come in the formats people type, so search has to normalize them.
    mobile: mobileText,
    town,
    billingDay,
    startMonth,
    endMonth,
    createdMs: 0,
    pay,
    unpaidTail,
    stripeCustomerId: null,
    notes: rng.chance(0.05) ? rng.pick(NOTES) : null,
    locations: [],
  };
}

/** Moves customers' first month until the invoice total is exactly the production volume. */
function matchInvoiceTotal(ctx: SeedContext, rng: Rng, customers: CustomerPlan[]): void {
  let diff = ctx.volumes.invoices - customers.reduce((n, c) => n + invoiceCount(ctx, c), 0);
  const adjustable = customers.filter((c) => c.demo < 0 && c.status !== "prospect");
  for (let guard = 0; diff !== 0; guard++) {
    if (guard > 50 * ctx.volumes.invoices) throw new Error("cannot reach the invoice volume");
    const c = rng.pick(adjustable);
    if (diff > 0 && c.startMonth > 0) {
      c.startMonth--;
      diff--;
    } else if (diff < 0 && invoiceCount(ctx, c) > 1) {
      c.startMonth++;
      diff++;
    }
  }
}

export function planCustomers(ctx: SeedContext): CustomersPlan {
  const rng = Rng.for(ctx.scale, "customers");
  const towns = TOWNS.map((t) => [t, t.weight] as const);
  const customers: CustomerPlan[] = [];
  for (let i = 0; i < ctx.volumes.customers; i++) customers.push(makeCustomer(ctx, rng, i, towns));
  matchInvoiceTotal(ctx, rng, customers);
  for (const c of customers) {
    const signup =
      c.status === "prospect"
        ? ctx.todayMs - rng.int(2, 40) * DAY
        : monthDate(ctx, c.startMonth, c.billingDay) - rng.int(3, 25) * DAY;
    c.createdMs = historicLocal(signup, rng.int(8 * 60, 20 * 60));
  }
  // Customer numbers grow with time, as in the legacy system.
  const ordered = customers
    .map((c, i) => ({ c, i }))
    .sort((a, b) => a.c.createdMs - b.c.createdMs || a.i - b.i)
    .map((x) => x.c);
  ordered.forEach((c, i) => (c.id = i + 1));
  const locations = buildLocations(ctx, ordered);
  return { customers: ordered, locations };
}

/** Shared by every table generator that refers to customers or locations. */
export function customersOf(ctx: SeedContext): CustomersPlan {
  return shared(ctx, "customers", () => planCustomers(ctx));
}
