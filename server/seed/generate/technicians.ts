import type { dispatchTags, dispatchTechnicians, technicianTags } from "../../db/schema";
import { DEMO_STAFF, TECHNICIAN_EMAIL } from "../demo-accounts";
import {
  FRENCH_FIRST_NAMES,
  FRENCH_LAST_NAMES,
  ENGLISH_FIRST_NAMES,
  ENGLISH_LAST_NAMES,
  STREET_NAMES,
  TOWNS,
  type Region,
  type Town,
} from "../names";
import { Rng } from "../random";
import { DISPATCH_TAGS, tagByCode } from "./catalog";
import { shared, type RowOf, type SeedContext } from "./context";
import { staffOf } from "./staff";

export interface TechnicianPlan {
  id: number;
  userId: string | null;
  name: string;
  color: string;
  phone: string;
  homeAddress: string;
  homeLat: number;
  homeLng: number;
  region: Region;
  gpsDeviceId: string;
  /** Minutes after midnight, local time. */
  shiftStart: number;
  shiftEnd: number;
  active: boolean;
  tags: Map<number, number>;
}

/** Evenly spread hues (golden angle) so 40 technicians stay distinguishable on the board. */
function color(i: number): string {
  const h = (i * 137.508) % 360;
  const s = 0.65;
  const l = 0.45;
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    const c = l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255)
      .toString(16)
      .padStart(2, "0");
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

const SHIFTS: ReadonlyArray<readonly [number, number]> = [
  [450, 960],
  [480, 990],
  [510, 1020],
];
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

function planTechnicians(ctx: SeedContext): TechnicianPlan[] {
  const rng = Rng.for(ctx.scale, "technicians");
  const staff = staffOf(ctx);
  const demoName = DEMO_STAFF.find((s) => s.email === TECHNICIAN_EMAIL)?.name ?? "Technicien";
  const techs: TechnicianPlan[] = [];
  for (let i = 0; i < ctx.volumes.technicians; i++) {
    const demo = i === 0;
    const region: Region = demo ? "monteregie" : rng.chance(0.6) ? "monteregie" : "estrie";
    const town = demo
      ? (TOWNS.find((t) => t.name === "Granby") as Town)
      : rng.weighted(TOWNS.filter((t) => t.region === region).map((t) => [t, t.weight] as const));
    const english = rng.chance(0.15);
    const name = demo
      ? demoName
      : `${rng.pick(english ? ENGLISH_FIRST_NAMES : FRENCH_FIRST_NAMES)} ${rng.pick(english ? ENGLISH_LAST_NAMES : FRENCH_LAST_NAMES)}`;
    const [shiftStart, shiftEnd] = demo ? [450, 960] : rng.pick(SHIFTS);
    const tags = new Map<number, number>();
    const add = (code: string, chance: number, lo: number, hi: number) => {
      if (rng.chance(chance)) tags.set(tagByCode(code).id, rng.int(lo, hi));
    };
    tags.set(tagByCode(region).id, rng.int(3, 5));
    add(region === "monteregie" ? "estrie" : "monteregie", 0.3, 1, 2);
    add("ont_install", 1, 2, 5);
    add("fiber_splicing", demo ? 1 : 0.5, 1, 5);
    add("aerial", 0.3, 1, 4);
    add("underground", 0.25, 1, 4);
    add("wifi", 0.7, 1, 5);
    add("business_network", 0.2, 2, 5);
    add("otdr", 0.15, 2, 5);
    add("internet", 1, 2, 5);
    add("tv", 0.6, 1, 4);
    add("phone", 0.5, 1, 4);
    techs.push({
      id: i + 1,
      userId: demo ? staff.technicianUserId : null,
      name,
      color: color(i),
      phone: `(${rng.pick(town.areaCodes)}) 555-${rng.digits(4)}`,
      homeAddress: `${rng.int(1, 999)} ${rng.pick(STREET_NAMES)}, ${town.name}`,
      homeLat: Math.round((town.lat + rng.normal(0, town.spread * 0.5)) * 1e6) / 1e6,
      homeLng: Math.round((town.lng + rng.normal(0, town.spread * 0.7)) * 1e6) / 1e6,
      region,
      gpsDeviceId: `TRK-${1001 + i}`,
      shiftStart,
      shiftEnd,
      active: demo || rng.chance(0.95),
      tags,
    });
  }
  return techs;
}

export function techniciansOf(ctx: SeedContext): TechnicianPlan[] {
  return shared(ctx, "technicians", () => planTechnicians(ctx));
}

export function* dispatchTagRows(): Generator<RowOf<typeof dispatchTags>> {
  yield* DISPATCH_TAGS;
}

export function* technicianRows(ctx: SeedContext): Generator<RowOf<typeof dispatchTechnicians>> {
  for (const t of techniciansOf(ctx)) {
    yield {
      id: t.id,
      userId: t.userId,
      name: t.name,
      color: t.color,
      phone: t.phone,
      homeAddress: t.homeAddress,
      homeLat: t.homeLat,
      homeLng: t.homeLng,
      gpsDeviceId: t.gpsDeviceId,
      shiftStart: hhmm(t.shiftStart),
      shiftEnd: hhmm(t.shiftEnd),
      active: t.active,
    };
  }
}

export function* technicianTagRows(ctx: SeedContext): Generator<RowOf<typeof technicianTags>> {
  for (const t of techniciansOf(ctx)) for (const [tagId, level] of t.tags) yield { technicianId: t.id, tagId, level };
}
