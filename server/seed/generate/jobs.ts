import { Rng } from "../random";
import { tagByCode } from "./catalog";
import { shared, type SeedContext } from "./context";
import { customersOf } from "./customers";
import type { LocationPlan } from "./locations";
import { staffOf } from "./staff";
import { techniciansOf, type TechnicianPlan } from "./technicians";
import { SUBJECTS } from "./texts";
import { ticketsOf } from "./tickets";
import { DAY, HOUR, MINUTE, quebecTime, weekday } from "./time";
import { BOARD_DAYS_AHEAD } from "./volumes";

export type JobKind = "install" | "repair" | "removal" | "move" | "maintenance" | "survey";
export type JobStatus = "unassigned" | "assigned" | "en_route" | "on_site" | "done" | "cancelled";

export interface JobPlan {
  id: number;
  dayMs: number;
  loc: LocationPlan;
  kind: JobKind;
  status: JobStatus;
  priority: number;
  title: string;
  notes: string | null;
  windowStart: number;
  windowEnd: number;
  durationMin: number;
  scheduledStart: number | null;
  lead: TechnicianPlan | null;
  helpers: TechnicianPlan[];
  tags: Array<[number, number]>;
  ticketId: number | null;
  completedMs: number | null;
  signatureName: string | null;
  updatedBy: string;
  createdMs: number;
}

const KIND_WEIGHTS: ReadonlyArray<readonly [JobKind, number]> = [
  ["install", 30],
  ["repair", 38],
  ["maintenance", 8],
  ["move", 7],
  ["removal", 9],
  ["survey", 8],
];
const DURATION: Record<JobKind, readonly [number, number]> = {
  install: [90, 180],
  repair: [45, 90],
  removal: [30, 45],
  move: [90, 150],
  maintenance: [60, 120],
  survey: [30, 60],
};
/** Local-time windows in minutes. Every job has one: it is how an unassigned job knows its board day. */
const WINDOWS: ReadonlyArray<readonly [readonly [number, number], number]> = [
  [[480, 720], 30],
  [[720, 990], 30],
  [[480, 600], 4],
  [[600, 720], 4],
  [[780, 900], 4],
  [[900, 1020], 3],
  [[480, 1020], 25],
];

function title(kind: JobKind, loc: LocationPlan, rng: Rng): string {
  const who = loc.customer.displayName;
  switch (kind) {
    case "install":
      return `Installation fibre — ${who}`;
    case "repair":
      return `Réparation : ${rng.pick(SUBJECTS.repair.fr)} — ${who}`;
    case "removal":
      return `Récupération d'équipement — ${who}`;
    case "move":
      return `Déménagement — ${who}`;
    case "maintenance":
      return `Entretien préventif ${loc.oltName ?? ""} — ${loc.town.name}`.replace("  ", " ");
    case "survey":
      return `Visite technique — ${who}`;
  }
}

function tagsFor(kind: JobKind, loc: LocationPlan, rng: Rng): Array<[number, number]> {
  const tags = new Map<number, number>([[tagByCode(loc.town.region).id, 1]]);
  const add = (code: string, level: number) => tags.set(tagByCode(code).id, level);
  if (kind === "install" || kind === "move") {
    add("ont_install", rng.int(1, 2));
    add("internet", 1);
    if (rng.chance(0.3)) add("fiber_splicing", 2);
    if (rng.chance(0.2)) add("aerial", 1);
  } else if (kind === "repair") {
    add(rng.pick(["fiber_splicing", "wifi", "otdr"]), rng.int(1, 3));
    if (loc.subs.some((s) => s.item.kind === "tv")) add("tv", 1);
  } else if (kind === "maintenance") {
    add(rng.pick(["otdr", "fiber_splicing"]), rng.int(2, 3));
  } else if (kind === "survey") {
    add(rng.pick(["underground", "aerial"]), 1);
  }
  if (loc.customer.kind === "business" && kind !== "removal") add("business_network", 2);
  return [...tags];
}

/** Weekdays of finished history before today, then every weekday from today to BOARD_DAYS_AHEAD. */
function boardDays(ctx: SeedContext): Array<{ dayMs: number; ahead: number }> {
  const days: Array<{ dayMs: number; ahead: number }> = [];
  for (let d = -1, n = 0; n < ctx.volumes.pastJobDays; d--) {
    const dayMs = ctx.todayMs + d * DAY;
    if (weekday(dayMs) % 6 !== 0) {
      days.unshift({ dayMs, ahead: d });
      n++;
    }
  }
  for (let d = 0; d <= BOARD_DAYS_AHEAD; d++) {
    const dayMs = ctx.todayMs + d * DAY;
    if (weekday(dayMs) % 6 !== 0) days.push({ dayMs, ahead: d });
  }
  return days;
}

function planJobs(ctx: SeedContext): JobPlan[] {
  const rng = Rng.for(ctx.scale, "dispatch-jobs");
  const { customers, locations } = customersOf(ctx);
  const techs = techniciansOf(ctx).filter((t) => t.active);
  const dispatchers = staffOf(ctx).dispatcherIds;
  const tickets = ticketsOf(ctx);
  const lastTicket = new Int32Array(customers.length);
  for (let i = 0; i < tickets.count; i++)
    if ((tickets.customer[i] as number) >= 0) lastTicket[tickets.customer[i] as number] = i + 1;
  const live = locations.filter((l) => (l.status === "active" || l.status === "suspended") && l.subs.length > 0);
  const planned = rng.shuffle(locations.filter((l) => l.status === "planned"));
  const gone = locations.filter((l) => l.status === "disconnected");
  const [lo, hi] = ctx.volumes.jobsPerDay;
  const jobs: JobPlan[] = [];
  for (const { dayMs, ahead } of boardDays(ctx)) {
    const count = ahead < 0 ? Math.round(rng.int(lo, hi) * 0.8) : rng.int(lo, hi);
    const day: JobPlan[] = [];
    for (let j = 0; j < count; j++) {
      let kind = rng.weighted(KIND_WEIGHTS);
      const loc =
        kind === "install" || kind === "survey"
          ? ((ahead >= 0 ? planned.pop() : undefined) ?? rng.pick(live))
          : kind === "removal" && gone.length > 0
            ? rng.pick(gone)
            : rng.pick(live);
      if (kind === "removal" && loc.status !== "disconnected") kind = "repair";
      const window = rng.weighted(WINDOWS);
      const [dLo, dHi] = DURATION[kind];
      const important = kind === "repair" && rng.chance(0.15);
      const c = loc.customer;
      day.push({
        id: 0,
        dayMs,
        loc,
        kind,
        status: "unassigned",
        priority: important
          ? rng.int(1, 2)
          : kind === "repair"
            ? rng.int(2, 3)
            : kind === "removal"
              ? rng.int(4, 5)
              : rng.int(3, 4),
        title: title(kind, loc, rng),
        notes: loc.accessNotes ?? (rng.chance(0.15) ? "Appeler le client 30 minutes avant d'arriver." : null),
        windowStart: quebecTime(dayMs, window[0]),
        windowEnd: quebecTime(dayMs, window[1]),
        durationMin: Math.round(rng.int(dLo, dHi) / 15) * 15,
        scheduledStart: null,
        lead: null,
        helpers: [],
        tags: tagsFor(kind, loc, rng),
        ticketId:
          kind !== "maintenance" && (lastTicket[c.id - 1] as number) > 0 && rng.chance(0.6)
            ? (lastTicket[c.id - 1] as number)
            : null,
        completedMs: null,
        signatureName: null,
        updatedBy: rng.pick(dispatchers),
        createdMs: Math.min(dayMs - rng.int(1, 21) * DAY + rng.int(8, 17) * HOUR, ctx.nowMs - HOUR),
      });
    }
    day.sort((a, b) => a.windowStart - b.windowStart || a.windowEnd - b.windowEnd);
    // Each technician's day is packed in window order, without overlaps.
    const cursor = new Map<TechnicianPlan, number>();
    const assignRate = ahead < 0 ? 1 : ahead === 0 ? 0.9 : ahead <= 2 ? 0.75 : ahead <= 7 ? 0.5 : 0.3;
    for (const job of day) {
      if (!rng.chance(assignRate)) continue;
      const local = techs.filter((t) => t.region === job.loc.town.region);
      const region = local.length > 0 ? local : techs;
      if (region.length === 0) break;
      for (let attempt = 0; attempt < 4 && !job.lead; attempt++) {
        const tech = rng.weighted(region.map((t) => [t, t.userId ? 4 : 1] as const));
        const earliest = Math.max(cursor.get(tech) ?? quebecTime(dayMs, tech.shiftStart), job.windowStart);
        const start = Math.ceil(earliest / (15 * MINUTE)) * 15 * MINUTE;
        const end = start + job.durationMin * MINUTE;
        if (end > job.windowEnd || end > quebecTime(dayMs, tech.shiftEnd + 30)) continue;
        job.lead = tech;
        job.scheduledStart = start;
        job.status = "assigned";
        cursor.set(tech, end + rng.int(15, 40) * MINUTE);
        if ((job.kind === "install" || job.kind === "maintenance") && rng.chance(0.08)) {
          const helper = rng.pick(region);
          if (helper !== tech) job.helpers.push(helper);
        }
      }
    }
    const seen = new Map<TechnicianPlan, number>();
    for (const job of day) {
      const nth = job.lead ? (seen.get(job.lead) ?? 0) : -1;
      if (job.lead) seen.set(job.lead, nth + 1);
      if (ahead < 0) job.status = job.lead && !rng.chance(0.07) ? "done" : "cancelled";
      else if (ahead === 0 && job.lead) job.status = (["done", "on_site", "en_route"] as const)[nth] ?? "assigned";
      if (job.status === "done" && job.scheduledStart !== null) {
        job.completedMs = job.scheduledStart + job.durationMin * MINUTE + rng.int(-10, 25) * MINUTE;
        if (job.kind !== "maintenance" && rng.chance(0.7))
          job.signatureName = `${job.loc.customer.firstName} ${job.loc.customer.lastName}`;
      }
      job.id = jobs.length + 1;
      jobs.push(job);
    }
  }
  return jobs;
}

export function jobsOf(ctx: SeedContext): JobPlan[] {
  return shared(ctx, "jobs", () => planJobs(ctx));
}
