import type { tickets } from "../../db/schema";
import { distribute, Rng } from "../random";
import { monthDate, shared, type RowOf, type SeedContext } from "./context";
import { customersOf, type CustomerPlan } from "./customers";
import { staffOf } from "./staff";
import { SUBJECTS, TICKET_TYPES, type TicketType } from "./texts";
import { DAY, historicLocal, HOUR, iso, MINUTE } from "./time";
import { DEFAULT_SLA_POLICIES, policyFor, slaDueTimes, slaPriorityOf } from "../../../lib/domain/sla/policy";

export const TICKET_STATUSES = ["open", "in_progress", "waiting", "resolved", "closed"] as const;
const CLOSED = 4;
const RESOLVED = 3;

/** Tickets as flat arrays in id order (ids follow creation time). Customer index is id - 1, or -1. */
export interface TicketPlan {
  count: number;
  customer: Int32Array;
  createdMs: Float64Array;
  /** Last activity: the last message is written then. */
  endMs: Float64Array;
  closedMs: Float64Array;
  type: Uint8Array;
  status: Uint8Array;
  important: Uint8Array;
  /** Index into the staff plan's users, or -1. */
  assignee: Int16Array;
  locationId: Int32Array;
  parentId: Int32Array;
  subject: Uint8Array;
  messages: Uint16Array;
}

const TYPE_WEIGHTS: ReadonlyArray<readonly [number, number]> = [
  [0, 9],
  [1, 26],
  [2, 20],
  [3, 28],
  [4, 3],
  [5, 4],
  [6, 10],
];
const CHILD_TYPE_WEIGHTS: ReadonlyArray<readonly [number, number]> = [
  [0, 5],
  [1, 40],
  [2, 15],
  [3, 25],
  [6, 15],
];
const NETWORK_TYPE_WEIGHTS: ReadonlyArray<readonly [number, number]> = [
  [1, 40],
  [6, 60],
];

function statusFor(rng: Rng, ageMs: number): number {
  const w =
    ageMs < 3 * DAY
      ? [35, 30, 15, 15, 5]
      : ageMs < 14 * DAY
        ? [15, 20, 20, 25, 20]
        : ageMs < 60 * DAY
          ? [3, 4, 5, 18, 70]
          : [0.5, 0, 0.5, 2, 97];
  return rng.weighted(w.map((x, i) => [i, x] as const));
}

/** Spreads a customer's tickets over the time they were with us. */
function windowOf(ctx: SeedContext, c: CustomerPlan): [number, number] {
  const end = c.status === "inactive" ? monthDate(ctx, c.endMonth + 1, c.billingDay) + 45 * DAY : ctx.nowMs;
  return [c.createdMs - 10 * DAY, Math.min(end, ctx.nowMs - HOUR)];
}

function planTickets(ctx: SeedContext): TicketPlan {
  const rng = Rng.for(ctx.scale, "tickets");
  const { customers } = customersOf(ctx);
  const staff = staffOf(ctx);
  const total = ctx.volumes.tickets;
  const weights = customers.map(
    (c) =>
      Math.exp(rng.normal(0, 0.9)) *
      (c.kind === "business" ? 2.5 : 1) *
      (c.status === "inactive" ? 0.5 : c.status === "prospect" ? 0.2 : 1),
  );
  // The demo customers get a short, readable ticket history in the portal.
  const min = customers.map((c) => (c.demo === 0 ? 5 : c.demo === 1 ? 3 : 0));
  const max = customers.map((c) => (c.demo === 0 ? 8 : c.demo === 1 ? 4 : Number.MAX_SAFE_INTEGER));
  const perCustomer = distribute(rng, Math.round(total * 0.97), weights, min, max);
  const customer = new Int32Array(total).fill(-1);
  const created = new Float64Array(total);
  const historyStart = monthDate(ctx, 0, 1);
  let k = 0;
  customers.forEach((c, ci) => {
    const [from, to] = windowOf(ctx, c);
    for (let j = 0; j < (perCustomer[ci] as number); j++, k++) {
      customer[k] = ci;
      created[k] = rng.date(Math.max(historyStart, from), to);
    }
  });
  for (; k < total; k++) created[k] = rng.date(historyStart, ctx.nowMs - HOUR);
  for (let i = 0; i < total; i++) {
    // Keep the day, move the time into the hours when people write to support.
    const day = Math.floor(((created[i] as number) - 5 * HOUR) / DAY) * DAY;
    created[i] = Math.min(historicLocal(day, rng.int(7 * 60, 22 * 60)), ctx.nowMs - HOUR);
  }
  const order = Array.from({ length: total }, (_, i) => i).sort(
    (a, b) => (created[a] as number) - (created[b] as number) || a - b,
  );
  const plan: TicketPlan = {
    count: total,
    customer: new Int32Array(total),
    createdMs: new Float64Array(total),
    endMs: new Float64Array(total),
    closedMs: new Float64Array(total).fill(NaN),
    type: new Uint8Array(total),
    status: new Uint8Array(total),
    important: new Uint8Array(total),
    assignee: new Int16Array(total).fill(-1),
    locationId: new Int32Array(total),
    parentId: new Int32Array(total),
    subject: new Uint8Array(total),
    messages: new Uint16Array(total),
  };
  const last = new Int32Array(customers.length);
  const previous = new Int32Array(customers.length);
  const staffIndex = new Map(staff.users.map((u, i) => [u.id, i]));
  const assignable = (ids: string[]) => ids.map((id) => staffIndex.get(id) ?? -1);
  const billing = assignable(staff.billingIds);
  const field = assignable([...staff.dispatcherIds, ...staff.supportIds]);
  const support = assignable(staff.supportIds);
  order.forEach((src, i) => {
    const id = i + 1;
    const ci = customer[src] as number;
    const c = ci >= 0 ? customers[ci] : undefined;
    const createdMs = created[src] as number;
    plan.customer[i] = ci;
    plan.createdMs[i] = createdMs;
    const child = c !== undefined && (last[ci] as number) > 0 && rng.chance(0.105);
    if (child)
      plan.parentId[i] =
        (previous[ci] as number) > 0 && rng.chance(0.25) ? (previous[ci] as number) : (last[ci] as number);
    if (c) {
      previous[ci] = last[ci] as number;
      last[ci] = id;
    }
    const type = rng.weighted(c ? (child ? CHILD_TYPE_WEIGHTS : TYPE_WEIGHTS) : NETWORK_TYPE_WEIGHTS);
    const typeName = TICKET_TYPES[type] as TicketType;
    const status = statusFor(rng, ctx.nowMs - createdMs);
    plan.type[i] = type;
    plan.status[i] = status;
    plan.important[i] = rng.chance(!c ? 0.3 : typeName === "repair" ? 0.1 : 0.04) ? 1 : 0;
    plan.subject[i] = rng.int(0, SUBJECTS[typeName].fr.length - 1);
    const span = Math.exp(rng.normal(Math.log(20 * HOUR), 1.3));
    if (status === CLOSED || status === RESOLVED) {
      plan.closedMs[i] = Math.max(createdMs + 5 * MINUTE, Math.min(createdMs + span, ctx.nowMs - 10 * MINUTE));
      plan.endMs[i] = plan.closedMs[i];
    } else {
      plan.endMs[i] = createdMs + Math.min(ctx.nowMs - 10 * MINUTE - createdMs, span);
    }
    const pool =
      typeName === "billing"
        ? billing
        : typeName === "repair" || typeName === "installation" || typeName === "move"
          ? field
          : support;
    const unassigned = rng.chance(status === 0 ? 0.5 : 0.06);
    if (pool.length > 0 && !unassigned) plan.assignee[i] = rng.pick(pool);
    const locs = c?.locations.filter((l) => l.createdMs <= createdMs) ?? [];
    if (
      locs.length > 0 &&
      rng.chance(typeName === "repair" || typeName === "installation" || typeName === "move" ? 0.9 : 0.3)
    )
      plan.locationId[i] = rng.pick(locs).id;
  });
  const messageWeights = Array.from(plan.status, (s, i) => (s >= RESOLVED ? 1 : 0.7) * (plan.type[i] === 1 ? 1.3 : 1));
  plan.messages.set(distribute(rng, ctx.volumes.messages, messageWeights, 1, 60));
  return plan;
}

export function ticketsOf(ctx: SeedContext): TicketPlan {
  return shared(ctx, "tickets", () => planTickets(ctx));
}

export function* ticketRows(ctx: SeedContext): Generator<RowOf<typeof tickets>> {
  const plan = ticketsOf(ctx);
  const { customers } = customersOf(ctx);
  const staff = staffOf(ctx);
  const perYear = new Map<number, number>();
  for (let i = 0; i < plan.count; i++) {
    const createdMs = plan.createdMs[i] as number;
    const year = new Date(createdMs).getUTCFullYear();
    const seq = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, seq);
    const c = customers[plan.customer[i] as number];
    const type = TICKET_TYPES[plan.type[i] as number] as TicketType;
    const lang = c?.language ?? "fr";
    const subject = SUBJECTS[type][lang][plan.subject[i] as number] ?? type;
    const parent = plan.parentId[i] as number;
    // Due times follow the default SLA policies; the first response is written by the database
    // when the messages load (the first public staff reply).
    const due = slaDueTimes(
      new Date(createdMs),
      policyFor(DEFAULT_SLA_POLICIES, type, slaPriorityOf(plan.important[i] === 1))!,
    );
    const closedMs = plan.closedMs[i] as number;
    yield {
      id: i + 1,
      legacyId: `ISS-${year}-${String(seq).padStart(6, "0")}`,
      parentId: parent > 0 ? parent : null,
      subject: parent > 0 ? `${lang === "fr" ? "Suivi : " : "Follow-up: "}${subject}` : subject,
      type,
      status: TICKET_STATUSES[plan.status[i] as number] ?? "open",
      important: plan.important[i] === 1,
      customerId: c?.id ?? null,
      locationId: (plan.locationId[i] as number) > 0 ? plan.locationId[i] : null,
      assignedToId: (plan.assignee[i] as number) >= 0 ? (staff.users[plan.assignee[i] as number]?.id ?? null) : null,
      slaDueAt: due.resolutionDueAt.toISOString(),
      firstResponseDueAt: due.firstResponseDueAt.toISOString(),
      createdAt: iso(createdMs),
      updatedAt: iso(plan.endMs[i] as number),
      closedAt: Number.isNaN(closedMs) ? null : iso(closedMs),
    };
  }
}
