import { DEMO_CUSTOMERS } from "../demo-accounts";
import { COTTAGE_TOWNS, POSTAL_LETTERS, STREET_NAMES, TOWNS, type Town } from "../names";
import { distribute, Rng } from "../random";
import { monthDate, type SeedContext } from "./context";
import { lastIssuableMonth, type CustomerPlan } from "./customers";
import type { SubscriptionPlan } from "./services";
import { DAY, historicLocal } from "./time";
import { HISTORY_MONTHS } from "./volumes";

/** endMonth of something still running. */
export const OPEN_END = 10_000;

export type LocationRole = "home" | "previous" | "cottage" | "branch" | "planned";

export interface LocationPlan {
  id: number;
  customer: CustomerPlan;
  role: LocationRole;
  town: Town;
  address: string;
  unit: string | null;
  postalCode: string;
  latitude: number;
  longitude: number;
  status: "planned" | "active" | "suspended" | "disconnected";
  /** Months billed here, inclusive; endMonth is OPEN_END while service continues. */
  startMonth: number;
  endMonth: number;
  oltName: string | null;
  oltSlot: number | null;
  oltPort: number | null;
  ontId: number | null;
  vlan: number | null;
  ipMode: "dhcp" | "static" | "pppoe";
  staticIp: string | null;
  networkSettings: Record<string, string | number | boolean>;
  accessNotes: string | null;
  createdMs: number;
  /** One-time fees on the first invoice at this address. */
  installFee: boolean;
  moveFee: boolean;
  subs: SubscriptionPlan[];
}

const ACCESS_NOTES = [
  "Boîte de jonction derrière le garage.",
  "Chien dans la cour, sonner avant d'entrer.",
  "Accès par le chemin privé, déneigé l'hiver.",
  "Clé chez le voisin (no 12).",
  "Entrée par la porte de côté.",
  "Panneau électrique au sous-sol.",
  "Call before arriving, gate is locked.",
];
// RFC 5737 documentation ranges: static addresses that can never collide with real hosts.
const STATIC_RANGES = ["192.0.2.", "198.51.100.", "203.0.113."];
const OLT_PORTS = { slots: 4, ports: 16, onts: 32 };

/**
 * Hands out OLT positions town by town. Positions are unique by construction, which the
 * unique index on (olt_name, olt_slot, olt_port, ont_id) requires; a few are skipped, as in
 * a real plant where ports were released.
 */
class OltAllocator {
  private next = new Map<string, number>();
  constructor(private rng: Rng) {}

  take(town: Town): { oltName: string; oltSlot: number; oltPort: number; ontId: number; vlan: number } {
    const pos = this.next.get(town.code) ?? 0;
    this.next.set(town.code, pos + (this.rng.chance(0.08) ? 2 : 1));
    const perOlt = OLT_PORTS.slots * OLT_PORTS.ports * OLT_PORTS.onts;
    const olt = Math.floor(pos / perOlt) + 1;
    const within = pos % perOlt;
    return {
      oltName: `OLT-${town.code}-${String(olt).padStart(2, "0")}`,
      oltSlot: Math.floor(within / (OLT_PORTS.ports * OLT_PORTS.onts)) + 1,
      oltPort: (Math.floor(within / OLT_PORTS.onts) % OLT_PORTS.ports) + 1,
      ontId: (within % OLT_PORTS.onts) + 1,
      vlan: 100 + TOWNS.indexOf(town) * 4 + olt,
    };
  }
}

function streetAddress(rng: Rng, town: Town) {
  const rural = town.weight <= 2;
  const letter = () => POSTAL_LETTERS[rng.int(0, POSTAL_LETTERS.length - 1)];
  return {
    address: `${rng.int(1, rural ? 3999 : 999)} ${rng.pick(STREET_NAMES)}`,
    unit:
      !rural && rng.chance(0.12)
        ? String(rng.chance(0.5) ? rng.int(1, 12) : rng.int(1, 3) * 100 + rng.int(1, 8))
        : null,
    postalCode: `${rng.pick(town.postalPrefixes)} ${rng.int(0, 9)}${letter()}${rng.int(0, 9)}`,
    latitude: Math.round((town.lat + rng.normal(0, town.spread * 0.5)) * 1e6) / 1e6,
    longitude: Math.round((town.lng + rng.normal(0, town.spread * 0.7)) * 1e6) / 1e6,
  };
}

interface Draft {
  role: LocationRole;
  town: Town;
  startMonth: number;
  endMonth: number;
  status: LocationPlan["status"];
}

function draftsFor(ctx: SeedContext, rng: Rng, c: CustomerPlan, count: number): Draft[] {
  const s = c.startMonth;
  const last = Math.min(c.endMonth, lastIssuableMonth(ctx, c.billingDay));
  const closedEnd = c.status === "inactive" ? c.endMonth : OPEN_END;
  const live = (): LocationPlan["status"] => (c.status === "inactive" ? "disconnected" : "active");
  if (c.status === "prospect")
    return [{ role: "planned", town: c.town, startMonth: HISTORY_MONTHS + 1, endMonth: OPEN_END, status: "planned" }];
  const drafts: Draft[] = [];
  const sameRegion = TOWNS.filter((t) => t.region === c.town.region);
  if (c.kind === "residential") {
    let moves = 0;
    for (let j = 1; j < count; j++) if (c.demo < 0 && last - s >= moves + 2 && rng.chance(0.5)) moves++;
    const cuts = new Set<number>();
    while (cuts.size < moves) cuts.add(rng.int(s + 1, last));
    const bounds = [s, ...[...cuts].sort((a, b) => a - b)];
    bounds.forEach((start, j) => {
      const next = bounds[j + 1];
      if (next !== undefined) {
        drafts.push({
          role: "previous",
          town: rng.chance(0.6) ? c.town : rng.pick(sameRegion),
          startMonth: start,
          endMonth: next - 1,
          status: "disconnected",
        });
      } else {
        const suspended = c.pay === "overdue" && c.unpaidTail >= 2 && rng.chance(0.6);
        drafts.push({
          role: "home",
          town: c.town,
          startMonth: start,
          endMonth: closedEnd,
          status: suspended ? "suspended" : live(),
        });
      }
    });
    for (let j = 1 + moves; j < count; j++) {
      const cottageTown = c.demo >= 0 ? "Orford" : rng.pick(COTTAGE_TOWNS);
      const status = c.status === "inactive" ? "disconnected" : rng.chance(0.25) && c.demo < 0 ? "suspended" : "active";
      drafts.push({
        role: "cottage",
        town: TOWNS.find((t) => t.name === cottageTown) as Town,
        startMonth: c.demo >= 0 ? s + 6 : rng.int(s, last),
        endMonth: closedEnd,
        status,
      });
    }
    return drafts;
  }
  drafts.push({ role: "home", town: c.town, startMonth: s, endMonth: closedEnd, status: live() });
  for (let j = 1; j < count; j++) {
    const town = rng.pick(sameRegion);
    const start = rng.int(s, last);
    if (c.status === "active" && rng.chance(0.04)) {
      drafts.push({ role: "planned", town, startMonth: HISTORY_MONTHS + 1, endMonth: OPEN_END, status: "planned" });
    } else if (start < last && rng.chance(0.15)) {
      // Closed before the current period, so the branch is disconnected today.
      drafts.push({
        role: "branch",
        town,
        startMonth: start,
        endMonth: rng.int(start, last - 1),
        status: "disconnected",
      });
    } else {
      drafts.push({ role: "branch", town, startMonth: start, endMonth: closedEnd, status: live() });
    }
  }
  return drafts;
}

function settingsFor(
  rng: Rng,
  c: CustomerPlan,
  staticCount: number,
): Pick<LocationPlan, "ipMode" | "staticIp" | "networkSettings"> {
  if (c.kind === "business" && staticCount < STATIC_RANGES.length * 253 && rng.chance(0.12)) {
    const prefix = STATIC_RANGES[Math.floor(staticCount / 253)] ?? "192.0.2.";
    return {
      ipMode: "static",
      staticIp: `${prefix}${(staticCount % 253) + 2}`,
      networkSettings: { gateway: `${prefix}1`, netmask: "255.255.255.0", dns: "9.9.9.9" },
    };
  }
  if (rng.chance(0.11))
    return { ipMode: "pppoe", staticIp: null, networkSettings: { pppoeProfile: "FTTH-PPPOE", mtu: 1492 } };
  return { ipMode: "dhcp", staticIp: null, networkSettings: rng.chance(0.15) ? { ipv6: true } : {} };
}

export function buildLocations(ctx: SeedContext, customers: CustomerPlan[]): LocationPlan[] {
  const rng = Rng.for(ctx.scale, "locations");
  const n = customers.length;
  const weights = new Float64Array(n);
  const min = new Int32Array(n);
  const max = new Int32Array(n);
  customers.forEach((c, i) => {
    const fixed = c.demo >= 0 ? (DEMO_CUSTOMERS[c.demo]?.locations ?? 1) : c.status === "prospect" ? 1 : 0;
    weights[i] = c.kind === "business" ? 8 : 1;
    min[i] = fixed || 1;
    max[i] = fixed || (c.kind === "business" ? 30 : c.status === "inactive" ? 2 : 4);
  });
  const counts = distribute(rng, ctx.volumes.locations, weights, min, max);
  const olt = new OltAllocator(rng);
  const locations: LocationPlan[] = [];
  let staticCount = 0;
  customers.forEach((c, i) => {
    const drafts = draftsFor(ctx, rng, c, counts[i] ?? 1).sort((a, b) => a.startMonth - b.startMonth);
    for (const d of drafts) {
      const settings = settingsFor(rng, c, staticCount);
      if (settings.ipMode === "static") staticCount++;
      const wired = d.status === "active" || d.status === "suspended";
      const port = wired ? olt.take(d.town) : null;
      const created =
        d.status === "planned"
          ? ctx.todayMs - rng.int(1, 20) * DAY
          : monthDate(ctx, d.startMonth, c.billingDay) - rng.int(3, 20) * DAY;
      const loc: LocationPlan = {
        id: locations.length + 1,
        customer: c,
        role: d.role,
        town: d.town,
        ...streetAddress(rng, d.town),
        status: d.status,
        startMonth: d.startMonth,
        endMonth: d.endMonth,
        oltName: port?.oltName ?? null,
        oltSlot: port?.oltSlot ?? null,
        oltPort: port?.oltPort ?? null,
        ontId: port?.ontId ?? null,
        vlan: port?.vlan ?? null,
        ...settings,
        accessNotes: rng.chance(c.kind === "business" ? 0.2 : 0.08) ? rng.pick(ACCESS_NOTES) : null,
        createdMs: historicLocal(created, rng.int(8 * 60, 18 * 60)),
        installFee: c.demo < 0 && rng.chance(0.5),
        moveFee: d.role === "home" && drafts.length > 1 && drafts[0]?.role === "previous",
        subs: [],
      };
      c.locations.push(loc);
      locations.push(loc);
    }
  });
  return locations;
}
