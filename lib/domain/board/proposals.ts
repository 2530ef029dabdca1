/**
 * Plan proposals on the live board (issue 17, item 2). A proposal is a branch of the plan: the
 * optimizer's answer for some of the day's jobs, written by the server into the board document
 * beside the plan (`proposals` map), with the plan it started from (`base`), so that every
 * dispatcher sees it, its figures, and how the live plan has moved since (conflicts). Accepting
 * it (whole or per technician) is an ordinary client edit of the jobs with the user's own
 * origin, in one transaction with the proposal's status, so one undo reverts both.
 *
 * Everything here is pure over a snapshot or a Y.Doc: the server builds the problem and the
 * proposal with it, the client computes changes and conflicts with it, and tests cover it.
 */
import * as Y from "yjs";
import { legMinutes } from "../gps/eta";
import type { VrpJob, VrpProblem, VrpVehicle } from "../vrptw/model";
import { haversineMatrix } from "../vrptw/travel-matrix";
import type { SolveResult } from "../vrptw/solver";
import { getMaps, readBoard, type FieldMap } from "./doc";
import { MINUTE_MS, isValidDuration, parseInstant, toInstant, DEFAULT_DURATION_MIN } from "./time";
import type { BoardJob, BoardSnapshot, BoardTech } from "./types";

/**
 * - `all`: every open job of the day may be (re)placed; jobs under way stay first on their route.
 * - `unlocked`: only jobs nobody has assigned yet are placed; assigned jobs are held on their
 *   technician (the solver may retime them around the new ones, nothing else).
 * - `region`: only the region's jobs are placed, on the region's technicians (every technician
 *   when none is tagged with it); their other assigned jobs are held, other routes left alone.
 * - `replan`: the rest of the day from where the technicians are now, changing as little of the
 *   live plan as it can (replan.ts).
 * In every scope a job a dispatcher pinned (`locked`) stays on its technician at its start.
 */
export const PROPOSAL_SCOPES = ["all", "unlocked", "region", "replan"] as const;
export type ProposalScope = (typeof PROPOSAL_SCOPES)[number];
export const PROPOSAL_STATUSES = ["open", "accepted", "discarded"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export interface PlannedStop {
  jobId: string;
  /** ISO instant of the planned service start. */
  start: string;
}

export interface ProposalFigures {
  jobsInScope: number;
  /** Jobs of the scope that have a technician and a start, before and in the proposal. */
  jobsPlacedBefore: number;
  jobsPlaced: number;
  /** Whole day (every technician's route from home and back), before and after accepting it all. */
  travelMinutesBefore: number;
  travelMinutes: number;
  distanceKmBefore: number;
  distanceKm: number;
  /** Placed jobs with a window whose visit fits in it, out of placed jobs with a window. */
  windowsKept: number;
  windowsTotal: number;
  /** Minutes past shift ends, summed over technicians (return home included). */
  overtimeMinutes: number;
}

/** The plan a proposal started from, for the jobs it covers. */
export interface BaseAssignment {
  techId: string | null;
  start: string | null;
}

export interface BoardProposal {
  id: string;
  /** User id of the dispatcher who asked for it, stamped by the server from the session. */
  author: string;
  authorName: string;
  createdAt: string;
  scope: ProposalScope;
  /** The region's tag code, for scope `region`; else null. */
  region: string | null;
  status: ProposalStatus;
  base: Record<string, BaseAssignment>;
  /** Per technician, the ordered stops; technicians without a route are absent. */
  routes: Record<string, PlannedStop[]>;
  unplaced: string[];
  figures: ProposalFigures;
  /** Technicians whose route has been accepted (all of them once status is accepted). */
  acceptedTechs: string[];
  /** User id of the last dispatcher who accepted or discarded (part of) it. */
  decidedBy: string | null;
}

export const UNDER_WAY: ReadonlySet<string> = new Set(["en_route", "on_site"]);
export const isOpen = (job: BoardJob) => job.status !== "done" && job.status !== "cancelled";
export const durationOf = (job: BoardJob) =>
  isValidDuration(job.durationMin) ? job.durationMin : DEFAULT_DURATION_MIN;

/**
 * How late the search may see a pinned job start: a dispatcher may pin a job where the plan's
 * travel estimate cannot quite reach it (08:00 sharp, a first visit across town), and a pin the
 * solver cannot place would leave its slot free for others.
 */
export const PIN_SLACK_MIN = 30;

/**
 * A pinned job as the solver sees it: on its technician, its window closed down to its planned
 * start (no earlier than the technician can start, at most PIN_SLACK_MIN later), so the search
 * neither moves it nor plans anything else in its slot. Its proposed start stays the live one
 * (proposalFromSolution), and accepting never changes it (acceptanceChanges).
 */
export function pinJob(vrp: VrpJob, job: BoardJob, vehicle: VrpVehicle, minutes: (ms: number) => number): void {
  vrp.lockedTo = vehicle.id;
  vrp.assignedTo = vehicle.id;
  const start = parseInstant(job.start);
  if (start === null) return;
  const at = Math.max(minutes(start), vehicle.shiftStart);
  vrp.earliest = at;
  vrp.latest = at + PIN_SLACK_MIN;
  vrp.plannedStart = at;
}

/** The maps the board's per-user undo tracks: accepting a proposal touches both in one step. */
export function undoScope(doc: Y.Doc): Array<Y.Map<unknown>> {
  return [doc.getMap("jobs"), doc.getMap("proposals")];
}

export function proposalsMap(doc: Y.Doc): Y.Map<FieldMap> {
  return doc.getMap<FieldMap>("proposals");
}

// ---------------------------------------------------------------------------------------------
// Building the solver's problem from the board

export interface PlanningProblem {
  problem: VrpProblem;
  /** Minutes of the problem are minutes since this epoch millisecond. */
  originMs: number;
  /** The jobs the proposal covers (placed by the solver, free or held). */
  jobIds: string[];
}

/**
 * The day as a VRPTW: technicians with a shift become vehicles starting and ending at home;
 * open jobs become visits with their window (the visit must end by the window's end), duration,
 * priority and skills (level 1: the board knows skills, not levels). A job under way stays first
 * on its technician's route; in scope `unlocked` assigned jobs are held on their technician.
 * Nothing is planned before `nowMs`.
 */
export interface RegionFilter {
  /** The jobs tagged with the region. */
  jobIds: ReadonlySet<string>;
  /** The technicians tagged with it; empty: every technician. */
  techIds: ReadonlySet<string>;
}

export function buildPlanningProblem(
  board: BoardSnapshot,
  scope: ProposalScope,
  nowMs: number,
  region?: RegionFilter,
): PlanningProblem {
  const inRegion = scope === "region" ? (region ?? { jobIds: new Set<string>(), techIds: new Set<string>() }) : null;
  const techs = Object.values(board.techs).filter(
    (t) =>
      parseInstant(t.shiftStart) !== null &&
      parseInstant(t.shiftEnd) !== null &&
      (!inRegion || inRegion.techIds.size === 0 || inRegion.techIds.has(t.id)),
  );
  const techIds = new Set(techs.map((t) => t.id));
  const shiftStarts = techs.map((t) => parseInstant(t.shiftStart)!);
  const originMs = shiftStarts.length > 0 ? Math.min(...shiftStarts) : nowMs;
  const minutes = (ms: number) => (ms - originMs) / MINUTE_MS;
  const points: Array<{ lat: number; lng: number }> = [];
  const vehicles: VrpVehicle[] = techs.map((t) => {
    points.push({ lat: t.homeLat, lng: t.homeLng });
    const start = Math.max(parseInstant(t.shiftStart)!, nowMs);
    const end = Math.max(parseInstant(t.shiftEnd)!, start);
    return {
      id: t.id,
      startLocation: points.length - 1,
      endLocation: points.length - 1,
      shiftStart: minutes(start),
      shiftEnd: minutes(end),
      skills: Object.fromEntries(t.skills.map((s) => [s, 1])),
    };
  });
  const jobs: VrpJob[] = [];
  const underWayOf = new Map<string, string>();
  const vehicleOf = new Map(vehicles.map((v) => [v.id, v]));
  for (const job of Object.values(board.jobs)) {
    if (!isOpen(job)) continue;
    const assigned = job.techId !== null && techIds.has(job.techId) ? job.techId : null;
    // A pin on a technician this plan does not cover (off shift, outside the region) holds it there.
    if (job.locked && !UNDER_WAY.has(job.status) && assigned === null) continue;
    if (UNDER_WAY.has(job.status) && assigned === null) continue; // under way with nobody: not ours to plan
    const movable = !inRegion || inRegion.jobIds.has(job.id);
    // Outside the region: a job of one of the region's technicians is held, any other left alone.
    if (!movable && assigned === null) continue;
    points.push({ lat: job.lat, lng: job.lng });
    const duration = durationOf(job);
    const windowStart = parseInstant(job.windowStart);
    const windowEnd = parseInstant(job.windowEnd);
    const vrp: VrpJob = {
      id: job.id,
      location: points.length - 1,
      service: duration,
      priority: Math.max(1, job.priority),
      ...(job.skills.length > 0 ? { skills: Object.fromEntries(job.skills.map((s) => [s, 1])) } : {}),
    };
    if (windowStart !== null) vrp.earliest = minutes(windowStart);
    if (windowEnd !== null) vrp.latest = minutes(windowEnd) - duration;
    if (vrp.earliest !== undefined && vrp.latest !== undefined && vrp.latest < vrp.earliest) vrp.latest = vrp.earliest;
    if (UNDER_WAY.has(job.status) && assigned !== null && !underWayOf.has(assigned)) underWayOf.set(assigned, job.id);
    else if (job.locked && assigned !== null) pinJob(vrp, job, vehicleOf.get(assigned)!, minutes);
    else if (assigned !== null && (UNDER_WAY.has(job.status) || scope === "unlocked" || !movable))
      vrp.lockedTo = assigned;
    jobs.push(vrp);
  }
  for (const v of vehicles) {
    const underWay = underWayOf.get(v.id);
    if (underWay) v.underWay = underWay;
  }
  return { problem: { jobs, vehicles, matrix: haversineMatrix(points) }, originMs, jobIds: jobs.map((j) => j.id) };
}

// ---------------------------------------------------------------------------------------------
// Figures

interface PlanJob {
  techId: string | null;
  start: string | null;
}

/** Travel and overtime of a whole plan: each technician's jobs in start order, from home and back. */
export function planCost(
  techs: Record<string, BoardTech>,
  jobs: Record<string, BoardJob>,
  plan: Record<string, PlanJob>,
): { minutes: number; km: number; overtimeMinutes: number } {
  const byTech = new Map<string, Array<{ job: BoardJob; start: number }>>();
  for (const [id, { techId, start }] of Object.entries(plan)) {
    const job = jobs[id];
    const at = parseInstant(start);
    if (!job || !isOpen(job) || techId === null || at === null || !techs[techId]) continue;
    const list = byTech.get(techId) ?? [];
    list.push({ job, start: at });
    byTech.set(techId, list);
  }
  let minutes = 0;
  let km = 0;
  let overtimeMinutes = 0;
  for (const [techId, list] of byTech) {
    const tech = techs[techId]!;
    list.sort((a, b) => a.start - b.start || (a.job.id < b.job.id ? -1 : 1));
    let here = { lat: tech.homeLat, lng: tech.homeLng };
    for (const { job } of list) {
      const leg = legMinutes(here, job);
      minutes += leg.minutes;
      km += leg.km;
      here = job;
    }
    const home = legMinutes(here, { lat: tech.homeLat, lng: tech.homeLng });
    minutes += home.minutes;
    km += home.km;
    const last = list[list.length - 1]!;
    const back = last.start + (durationOf(last.job) + home.minutes) * MINUTE_MS;
    const shiftEnd = parseInstant(tech.shiftEnd);
    if (shiftEnd !== null && back > shiftEnd) overtimeMinutes += (back - shiftEnd) / MINUTE_MS;
  }
  return { minutes, km, overtimeMinutes };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The live plan of every job, as techId and start. */
function livePlan(board: BoardSnapshot): Record<string, PlanJob> {
  return Object.fromEntries(Object.values(board.jobs).map((j) => [j.id, { techId: j.techId, start: j.start }]));
}

/** The proposal's content (without identity and status) from the solver's answer. */
export function proposalFromSolution(
  board: BoardSnapshot,
  planning: PlanningProblem,
  result: SolveResult,
): Pick<BoardProposal, "base" | "routes" | "unplaced" | "figures"> {
  const base: Record<string, BaseAssignment> = {};
  for (const id of planning.jobIds) base[id] = { techId: board.jobs[id]!.techId, start: board.jobs[id]!.start };
  const routes: Record<string, PlannedStop[]> = {};
  const after = livePlan(board);
  for (const route of result.routes) {
    if (route.jobIds.length === 0) continue;
    routes[route.vehicleId] = route.jobIds.map((jobId, i) => {
      const live = board.jobs[jobId];
      // Minutes are rounded: the board's instants are whole minutes, and equal plans should be equal strings.
      // A pinned job keeps its start as written (the solver may only have clamped it to "now").
      const start =
        live?.locked && live.start !== null && live.techId === route.vehicleId
          ? live.start
          : toInstant(planning.originMs + Math.round(route.starts[i]!) * MINUTE_MS);
      after[jobId] = { techId: route.vehicleId, start };
      return { jobId, start };
    });
  }
  const unplaced = [...result.unplaced].sort();
  const before = planCost(board.techs, board.jobs, livePlan(board));
  const cost = planCost(board.techs, board.jobs, after);
  let windowsKept = 0;
  let windowsTotal = 0;
  let placed = 0;
  let placedBefore = 0;
  for (const id of planning.jobIds) {
    const job = board.jobs[id]!;
    if (job.techId !== null && job.start !== null) placedBefore++;
    const plan = after[id]!;
    const at = parseInstant(plan.start);
    if (plan.techId === null || at === null || unplaced.includes(id)) continue;
    placed++;
    const from = parseInstant(job.windowStart);
    const to = parseInstant(job.windowEnd);
    if (from === null && to === null) continue;
    windowsTotal++;
    if ((from === null || at >= from) && (to === null || at + durationOf(job) * MINUTE_MS <= to)) windowsKept++;
  }
  return {
    base,
    routes,
    unplaced,
    figures: {
      jobsInScope: planning.jobIds.length,
      jobsPlacedBefore: placedBefore,
      jobsPlaced: placed,
      travelMinutesBefore: round1(before.minutes),
      travelMinutes: round1(cost.minutes),
      distanceKmBefore: round1(before.km),
      distanceKm: round1(cost.km),
      windowsKept,
      windowsTotal,
      overtimeMinutes: round1(cost.overtimeMinutes),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reading and writing proposals in the document

const str = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : fallback);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function readStops(value: unknown): PlannedStop[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((s) =>
    isRecord(s) && typeof s.jobId === "string" && parseInstant(s.start) !== null
      ? [{ jobId: s.jobId, start: s.start as string }]
      : [],
  );
}

/** Tolerant like every board reader: a malformed field reads as empty, never a throw. */
export function readProposal(map: FieldMap, id: string): BoardProposal {
  const scope = map.get("scope");
  const status = map.get("status");
  const base: Record<string, BaseAssignment> = {};
  const rawBase = map.get("base");
  if (isRecord(rawBase))
    for (const [jobId, v] of Object.entries(rawBase))
      if (isRecord(v))
        base[jobId] = {
          techId: typeof v.techId === "string" ? v.techId : null,
          start: parseInstant(v.start) !== null ? (v.start as string) : null,
        };
  const routes: Record<string, PlannedStop[]> = {};
  const rawRoutes = map.get("routes");
  if (isRecord(rawRoutes)) for (const [techId, stops] of Object.entries(rawRoutes)) routes[techId] = readStops(stops);
  const rawFigures = map.get("figures");
  const figures = Object.fromEntries(
    [
      "jobsInScope",
      "jobsPlacedBefore",
      "jobsPlaced",
      "travelMinutesBefore",
      "travelMinutes",
      "distanceKmBefore",
      "distanceKm",
      "windowsKept",
      "windowsTotal",
      "overtimeMinutes",
    ].map((k) => [k, isRecord(rawFigures) && typeof rawFigures[k] === "number" ? rawFigures[k] : 0]),
  ) as unknown as ProposalFigures;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);
  return {
    id,
    author: str(map.get("author")),
    authorName: str(map.get("authorName")),
    createdAt: str(map.get("createdAt")),
    scope: (PROPOSAL_SCOPES as readonly unknown[]).includes(scope) ? (scope as ProposalScope) : "all",
    region: typeof map.get("region") === "string" ? (map.get("region") as string) : null,
    status: (PROPOSAL_STATUSES as readonly unknown[]).includes(status) ? (status as ProposalStatus) : "open",
    base,
    routes,
    unplaced: strings(map.get("unplaced")),
    figures,
    acceptedTechs: strings(map.get("acceptedTechs")),
    decidedBy: typeof map.get("decidedBy") === "string" ? (map.get("decidedBy") as string) : null,
  };
}

/** Every proposal of the board, newest first. */
export function readProposals(doc: Y.Doc): BoardProposal[] {
  const out: BoardProposal[] = [];
  for (const [id, map] of proposalsMap(doc).entries()) if (map instanceof Y.Map) out.push(readProposal(map, id));
  return out.sort((a, b) => (a.createdAt > b.createdAt ? -1 : a.createdAt < b.createdAt ? 1 : a.id < b.id ? -1 : 1));
}

/** Server only (entries are created by the server, like jobs): the proposal as one new entry. */
export function writeProposal(doc: Y.Doc, proposal: BoardProposal, origin?: unknown): void {
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    proposalsMap(doc).set(proposal.id, map);
    for (const [key, value] of Object.entries(proposal)) map.set(key, value);
  }, origin);
}

// ---------------------------------------------------------------------------------------------
// Diff against the live plan

/**
 * Jobs the live plan has moved since the proposal's base: their technician or start differs, or
 * they are gone, done or cancelled. Accepting skips them: the live edit, made knowingly after the
 * proposal, wins. Sorted by job id.
 */
export function proposalConflicts(board: BoardSnapshot, proposal: BoardProposal): string[] {
  const out: string[] = [];
  const proposed = new Map<string, PlannedStop & { techId: string }>();
  for (const [techId, stops] of Object.entries(proposal.routes))
    for (const stop of stops) proposed.set(stop.jobId, { ...stop, techId });
  for (const [jobId, base] of Object.entries(proposal.base)) {
    const live = board.jobs[jobId];
    const stop = proposed.get(jobId);
    // Pinned since the proposal was made, and the proposal would move it: the pin wins.
    const pinnedAway =
      live?.locked === true && stop !== undefined && (stop.techId !== live.techId || stop.start !== live.start);
    if (!live || !isOpen(live) || live.techId !== base.techId || live.start !== base.start || pinnedAway)
      out.push(jobId);
  }
  return out.sort();
}

export interface JobChange {
  jobId: string;
  techId: string;
  start: string;
  from: BaseAssignment;
}

/**
 * What accepting the routes of `techIds` (default: every technician not yet accepted) would
 * write: each job whose live technician or start differs from the proposed one, except
 * conflicting jobs. Ordered by technician, then route order.
 */
export function acceptanceChanges(board: BoardSnapshot, proposal: BoardProposal, techIds?: string[]): JobChange[] {
  const conflicts = new Set(proposalConflicts(board, proposal));
  const techs = (techIds ?? Object.keys(proposal.routes).filter((t) => !proposal.acceptedTechs.includes(t))).sort();
  const out: JobChange[] = [];
  for (const techId of techs)
    for (const stop of proposal.routes[techId] ?? []) {
      const live = board.jobs[stop.jobId];
      // A pinned job is never moved by a proposal, whatever it says.
      if (!live || live.locked || conflicts.has(stop.jobId) || !board.techs[techId]) continue;
      if (live.techId === techId && live.start === stop.start) continue;
      out.push({ jobId: stop.jobId, techId, start: stop.start, from: { techId: live.techId, start: live.start } });
    }
  return out;
}

export type ProposalEditResult =
  { ok: true; changed: number } | { ok: false; code: "proposal_missing" | "proposal_closed" };

/**
 * Accepts the routes of `techIds` (all when omitted) in one transaction with `origin`: the jobs'
 * technician, start, status (unassigned → assigned) and updatedBy, and the proposal's
 * acceptedTechs / status. With the user's tracked origin, one undo reverts all of it.
 */
export function acceptProposal(
  doc: Y.Doc,
  proposalId: string,
  userId: string,
  origin: unknown,
  techIds?: string[],
): ProposalEditResult {
  const map = proposalsMap(doc).get(proposalId);
  if (!(map instanceof Y.Map)) return { ok: false, code: "proposal_missing" };
  const proposal = readProposal(map, proposalId);
  if (proposal.status !== "open") return { ok: false, code: "proposal_closed" };
  const board = readBoard(doc);
  const changes = acceptanceChanges(board, proposal, techIds);
  const jobs = getMaps(doc).jobs;
  const routeTechs = Object.keys(proposal.routes);
  const accepted = [...new Set([...proposal.acceptedTechs, ...(techIds ?? routeTechs)])].sort();
  doc.transact(() => {
    for (const change of changes) {
      const job = jobs.get(change.jobId)!;
      job.set("techId", change.techId);
      job.set("start", change.start);
      if (job.get("status") === "unassigned" || job.get("status") === undefined) job.set("status", "assigned");
      job.set("updatedBy", userId);
    }
    map.set("acceptedTechs", accepted);
    if (routeTechs.every((t) => accepted.includes(t))) map.set("status", "accepted");
    map.set("decidedBy", userId);
  }, origin);
  return { ok: true, changed: changes.length };
}

export function discardProposal(doc: Y.Doc, proposalId: string, userId: string, origin: unknown): ProposalEditResult {
  const map = proposalsMap(doc).get(proposalId);
  if (!(map instanceof Y.Map)) return { ok: false, code: "proposal_missing" };
  if (readProposal(map, proposalId).status !== "open") return { ok: false, code: "proposal_closed" };
  doc.transact(() => {
    map.set("status", "discarded");
    map.set("decidedBy", userId);
  }, origin);
  return { ok: true, changed: 0 };
}
