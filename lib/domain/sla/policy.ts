import { TICKET_TYPES, type TicketType } from "../tickets";
import { addBusinessMinutes, PROVIDER_CALENDAR, type BusinessCalendar } from "./business-hours";
import { MINUTE_MS } from "./toronto-time";

/**
 * A ticket's SLA priority comes from its "important" flag: the data model has no other
 * priority, and two levels are what the desk uses (an important ticket is answered first).
 */
export const SLA_PRIORITIES = ["normal", "important"] as const;
export type SlaPriority = (typeof SLA_PRIORITIES)[number];

export const slaPriorityOf = (important: boolean): SlaPriority => (important ? "important" : "normal");

export interface SlaPolicy {
  ticketType: TicketType;
  priority: SlaPriority;
  /** Minutes until the first public reply is due. */
  firstResponseMinutes: number;
  /** Minutes until the ticket is due to be resolved. */
  resolutionMinutes: number;
  /** Count only the office's opening hours (true), or every minute, nights and holidays included (false). */
  businessHours: boolean;
}

/** Upper bound of a target, in minutes (a year of wall-clock time). */
export const SLA_MAX_MINUTES = 525_600;

const hours = (n: number) => n * 60;
const row = (
  ticketType: TicketType,
  priority: SlaPriority,
  firstResponse: number,
  resolution: number,
  businessHours = true,
): SlaPolicy => ({
  ticketType,
  priority,
  firstResponseMinutes: firstResponse,
  resolutionMinutes: resolution,
  businessHours,
});

/**
 * The defaults, also written by the migration that creates sla_policies. An important repair or
 * outage ("other") runs on the wall clock: a customer without service is answered at night too.
 */
export const DEFAULT_SLA_POLICIES: readonly SlaPolicy[] = [
  row("installation", "normal", hours(8), hours(40)),
  row("installation", "important", hours(2), hours(16)),
  row("repair", "normal", hours(2), hours(20)),
  row("repair", "important", 30, hours(4), false),
  row("billing", "normal", hours(8), hours(30)),
  row("billing", "important", hours(2), hours(10)),
  row("support", "normal", hours(4), hours(20)),
  row("support", "important", hours(1), hours(8)),
  row("cancellation", "normal", hours(8), hours(40)),
  row("cancellation", "important", hours(4), hours(16)),
  row("move", "normal", hours(8), hours(40)),
  row("move", "important", hours(2), hours(16)),
  row("other", "normal", hours(8), hours(40)),
  row("other", "important", 30, hours(4), false),
];

/** Every (type, priority) pair, so a policy table can be checked for completeness. */
export const SLA_POLICY_KEYS = TICKET_TYPES.flatMap((ticketType) =>
  SLA_PRIORITIES.map((priority) => ({ ticketType, priority })),
);

export function policyFor(
  policies: readonly SlaPolicy[],
  ticketType: TicketType,
  priority: SlaPriority,
): SlaPolicy | undefined {
  return policies.find((p) => p.ticketType === ticketType && p.priority === priority);
}

/** Why a policy edit is refused, as a message key under errors.sla (null: fine). */
export function policyProblem(p: Pick<SlaPolicy, "firstResponseMinutes" | "resolutionMinutes">): string | null {
  const whole = (n: number) => Number.isInteger(n) && n >= 1 && n <= SLA_MAX_MINUTES;
  if (!whole(p.firstResponseMinutes) || !whole(p.resolutionMinutes)) return "errors.sla.targetRange";
  if (p.resolutionMinutes < p.firstResponseMinutes) return "errors.sla.resolutionBeforeResponse";
  return null;
}

export interface SlaDueTimes {
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
}

/** When a ticket opened at `openedAt` is due under `policy`. */
export function slaDueTimes(
  openedAt: Date,
  policy: Pick<SlaPolicy, "firstResponseMinutes" | "resolutionMinutes" | "businessHours">,
  calendar: BusinessCalendar = PROVIDER_CALENDAR,
): SlaDueTimes {
  const start = openedAt.getTime();
  const due = (minutes: number) =>
    new Date(policy.businessHours ? addBusinessMinutes(start, minutes, calendar) : start + minutes * MINUTE_MS);
  return { firstResponseDueAt: due(policy.firstResponseMinutes), resolutionDueAt: due(policy.resolutionMinutes) };
}

/** A clock is "near breach" this long before it is due. */
export const NEAR_BREACH_MINUTES = 60;

export type SlaState = "none" | "met" | "breached" | "near" | "running";

/** Where one SLA clock stands at `now`: `doneAt` is the first response, or the resolution. */
export function slaState(dueAt: Date | null, doneAt: Date | null, now: Date): SlaState {
  if (!dueAt) return "none";
  if (doneAt) return doneAt.getTime() <= dueAt.getTime() ? "met" : "breached";
  if (now.getTime() > dueAt.getTime()) return "breached";
  return dueAt.getTime() - now.getTime() <= NEAR_BREACH_MINUTES * MINUTE_MS ? "near" : "running";
}

export interface TicketSlaFacts {
  status: string;
  firstResponseDueAt: Date | null;
  firstRespondedAt: Date | null;
  slaDueAt: Date | null;
  closedAt: Date | null;
}

const DONE_STATUSES = new Set(["resolved", "closed"]);

/**
 * The state the list shows for a ticket: the worse of its two clocks. A resolved or closed
 * ticket's resolution clock stopped at `closedAt` (or, without one, counts as met).
 */
export function ticketSlaState(t: TicketSlaFacts, now: Date): SlaState {
  const done = DONE_STATUSES.has(t.status);
  const response = slaState(t.firstResponseDueAt, t.firstRespondedAt ?? (done ? (t.closedAt ?? now) : null), now);
  const resolution = slaState(t.slaDueAt, done ? (t.closedAt ?? new Date(0)) : null, now);
  const order: SlaState[] = ["breached", "near", "running", "met", "none"];
  return order.find((s) => s === response || s === resolution) ?? "none";
}
