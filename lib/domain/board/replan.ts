/**
 * Re-planning the rest of the day (proposal scope `replan`). Mid-day the question is not "what
 * is the best day" but "what is the least change that still works" after a job was added or
 * cancelled, or a technician fell behind or went off shift. So the problem starts from where
 * each technician is now, keeps what is under way or done, starts the search from the live plan,
 * and prices every job it moves to another technician (`REPLAN_OBJECTIVE.movePenalty`), while
 * fewer routes stops being a goal: the technicians are out already.
 */
import { isStale } from "../gps/fix";
import type { LatLng } from "../gps/geo";
import type { VrpJob, VrpVehicle } from "../vrptw/model";
import type { SolveResult } from "../vrptw/solver";
import { haversineMatrix } from "../vrptw/travel-matrix";
import { durationOf, isOpen, pinJob, type PlanningProblem } from "./proposals";
import { MINUTE_MS, parseInstant } from "./time";
import type { BoardSnapshot } from "./types";

/** A technician's last known position (the GPS feed), as the board's ETAs use it. */
export interface TechnicianPosition extends LatLng {
  fixTime: string;
}

/**
 * The solver's settings for a re-plan: moving a job to another technician costs as much as
 * 20 km of extra driving (about half an hour), so a job moves only to save more than that, or
 * to be done at all; a low temperature keeps the search near the plan it starts from.
 */
export const REPLAN_OBJECTIVE = { minimiseRoutes: false, movePenalty: 20, temperature: 1 } as const;

/**
 * Extra weight of leaving out a job the live plan has on a technician: a visit already planned
 * (and perhaps announced) is not dropped for a new one of the same priority.
 */
const PLANNED_WEIGHT = 0.5;

/** Where and when a technician is free for the rest of the day. */
interface Availability {
  at: LatLng;
  fromMs: number;
}

/**
 * A technician on site stays there until the job's planned end (or now, if it runs over); one
 * with a fresh GPS fix is where it says; otherwise at the last job done today, else at home.
 */
function availability(
  board: BoardSnapshot,
  techId: string,
  home: LatLng,
  nowMs: number,
  position: TechnicianPosition | undefined,
): Availability {
  const mine = Object.values(board.jobs).filter((j) => j.techId === techId);
  const onSite = mine
    .filter((j) => j.status === "on_site")
    .sort((a, b) => (parseInstant(a.start) ?? 0) - (parseInstant(b.start) ?? 0))[0];
  if (onSite) {
    const started = parseInstant(onSite.start);
    const end = started === null ? nowMs : started + durationOf(onSite) * MINUTE_MS;
    return { at: { lat: onSite.lat, lng: onSite.lng }, fromMs: Math.max(nowMs, end) };
  }
  if (position && !isStale(new Date(position.fixTime), new Date(nowMs)))
    return { at: { lat: position.lat, lng: position.lng }, fromMs: nowMs };
  const lastDone = mine
    .filter((j) => j.status === "done" && (parseInstant(j.start) ?? Infinity) <= nowMs)
    .sort((a, b) => (parseInstant(b.start) ?? 0) - (parseInstant(a.start) ?? 0))[0];
  return { at: lastDone ? { lat: lastDone.lat, lng: lastDone.lng } : home, fromMs: nowMs };
}

/**
 * The rest of the day as a VRPTW. Vehicles: technicians still on shift, starting where and when
 * they are free (`availability`), ending at home. Visits: every open job not on site, with its
 * window; a job en route stays first on its technician's route, a pinned one stays put, an
 * assigned one is preferred on its technician in its planned order. Jobs of a technician gone
 * off shift, and unassigned ones, go wherever they fit. Minutes count from `nowMs`.
 */
export function buildReplanProblem(
  board: BoardSnapshot,
  nowMs: number,
  positions: Readonly<Record<string, TechnicianPosition>> = {},
): PlanningProblem {
  const originMs = nowMs;
  const minutes = (ms: number) => (ms - originMs) / MINUTE_MS;
  const points: LatLng[] = [];
  const vehicles: VrpVehicle[] = [];
  for (const tech of Object.values(board.techs)) {
    const shiftStart = parseInstant(tech.shiftStart);
    const shiftEnd = parseInstant(tech.shiftEnd);
    if (shiftStart === null || shiftEnd === null) continue;
    const home = { lat: tech.homeLat, lng: tech.homeLng };
    const free = availability(board, tech.id, home, nowMs, positions[tech.id]);
    // Gone off shift: not a vehicle (a job they are on site for stays theirs: on-site jobs are kept).
    if (shiftEnd <= nowMs) continue;
    const from = Math.max(free.fromMs, shiftStart);
    points.push(free.at, home);
    vehicles.push({
      id: tech.id,
      startLocation: points.length - 2,
      endLocation: points.length - 1,
      shiftStart: minutes(from),
      shiftEnd: minutes(Math.max(shiftEnd, from)),
      skills: Object.fromEntries(tech.skills.map((s) => [s, 1])),
    });
  }
  const vehicleOf = new Map(vehicles.map((v) => [v.id, v]));
  const jobs: VrpJob[] = [];
  for (const job of Object.values(board.jobs)) {
    if (!isOpen(job) || job.status === "on_site") continue;
    const vehicle = job.techId === null ? undefined : vehicleOf.get(job.techId);
    // Driving to it with a technician this plan has no vehicle for, or pinned there: not ours to move.
    if ((job.status === "en_route" || job.locked) && !vehicle) continue;
    points.push({ lat: job.lat, lng: job.lng });
    const duration = durationOf(job);
    const vrp: VrpJob = {
      id: job.id,
      location: points.length - 1,
      service: duration,
      priority: Math.max(1, job.priority),
      ...(job.skills.length > 0 ? { skills: Object.fromEntries(job.skills.map((s) => [s, 1])) } : {}),
    };
    const windowStart = parseInstant(job.windowStart);
    const windowEnd = parseInstant(job.windowEnd);
    if (windowStart !== null) vrp.earliest = minutes(windowStart);
    if (windowEnd !== null) vrp.latest = minutes(windowEnd) - duration;
    if (vrp.earliest !== undefined && vrp.latest !== undefined && vrp.latest < vrp.earliest) vrp.latest = vrp.earliest;
    if (vehicle && job.status === "en_route" && vehicle.underWay === undefined) {
      vehicle.underWay = job.id;
      vrp.assignedTo = vehicle.id;
    } else if (vehicle && (job.locked || job.status === "en_route")) pinJob(vrp, job, vehicle, minutes);
    else if (vehicle) {
      vrp.assignedTo = vehicle.id;
      vrp.priority = vrp.priority! + PLANNED_WEIGHT;
      const start = parseInstant(job.start);
      if (start !== null) vrp.plannedStart = minutes(start);
    }
    jobs.push(vrp);
  }
  return { problem: { jobs, vehicles, matrix: haversineMatrix(points) }, originMs, jobIds: jobs.map((j) => j.id) };
}

/** Why a re-plan may be worth asking for now: jobs waiting for a technician, and jobs an ETA says will be late. */
export function replanReasons(board: BoardSnapshot, lateJobIds: Iterable<string>): { waiting: number; late: number } {
  let waiting = 0;
  for (const job of Object.values(board.jobs)) if (job.status === "unassigned") waiting++;
  let late = 0;
  for (const id of lateJobIds) if (board.jobs[id] && isOpen(board.jobs[id])) late++;
  return { waiting, late };
}

/**
 * The solver answers each visit's earliest start; a re-plan should not pull a job that stays
 * with its technician earlier than planned (the customer was told a time). Each such job keeps
 * its planned start when the route still allows it (no later than the latest start that keeps
 * the rest of the route on time), else the nearest start it allows; other jobs start as soon as
 * they can after the visit before them.
 */
export function keepPlannedStarts(board: BoardSnapshot, planning: PlanningProblem, result: SolveResult): SolveResult {
  const { problem, originMs } = planning;
  const jobOf = new Map(problem.jobs.map((j) => [j.id, j]));
  const vehicleOf = new Map(problem.vehicles.map((v) => [v.id, v]));
  const routes = result.routes.map((route) => {
    const vehicle = vehicleOf.get(route.vehicleId)!;
    let free = vehicle.shiftStart;
    let at = vehicle.startLocation;
    const starts = route.jobIds.map((id, i) => {
      const job = jobOf.get(id)!;
      const earliest = Math.max(free + problem.matrix.time(at, job.location), job.earliest ?? -Infinity);
      const live = board.jobs[id];
      const planned = live && live.techId === route.vehicleId ? parseInstant(live.start) : null;
      const wanted = planned === null ? earliest : (planned - originMs) / MINUTE_MS;
      const start = Math.max(earliest, Math.min(wanted, route.latestStarts[i] ?? wanted));
      free = start + job.service;
      at = job.location;
      return start;
    });
    return { ...route, starts };
  });
  return { ...result, routes };
}
