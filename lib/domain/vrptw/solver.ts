/**
 * The solver: a greedy construction, then SISR ruin-and-recreate in two phases — first
 * removing whole routes and trying to re-place their jobs elsewhere (fleet minimisation with
 * absence counters, as in the SISR paper), then simulated annealing on distance with the fleet
 * held. The best solution under the lexicographic objective (unplaced priority, routes,
 * distance) is kept throughout, so stopping at any moment returns it.
 */
import { seededRandom } from "../seeded-random";
import { compileProblem, type Instance, type VrpProblem } from "./model";
import { insertJob, recreate } from "./recreate";
import { ruin, SISR_DEFAULTS, type RuinOptions } from "./ruin";
import { compareSolutions, Solution } from "./solution";

export interface SolveOptions {
  seed?: number;
  /** Wall-clock budget; ignored when `iterations` is set. */
  timeLimitMs?: number;
  /** Deterministic budget: a fixed number of ruin-and-recreate iterations (tests, replays). */
  iterations?: number;
  /** Checked every few iterations: returning true stops the solve with the best so far. */
  shouldStop?: () => boolean;
  /** Milliseconds, monotonic; injected so the domain code never reads the clock itself. */
  clock?: () => number;
  /** Share of the budget given to removing routes (default 0.3). */
  fleetShare?: number;
  ruin?: RuinOptions;
  blinkRate?: number;
  /** Annealing start temperature as a multiple of the mean distance per job (default 10), ending 100× lower. */
  temperature?: number;
  /**
   * Fewer routes is the second goal (default true). A re-plan during the day turns it off: the
   * technicians are out already, and emptying one's afternoon would move all of its jobs.
   */
  minimiseRoutes?: boolean;
  /** A re-plan's price, in distance units, of each job placed off the vehicle it is assigned to now. */
  movePenalty?: number;
}

export interface SolvedRoute {
  vehicleId: string;
  jobIds: string[];
  /** Service start of each job, in the problem's time unit (the earliest the route allows). */
  starts: number[];
  /** The latest each job may start with every later job of the route still on time. */
  latestStarts: number[];
  distance: number;
}

export interface SolveResult {
  routes: SolvedRoute[];
  unplaced: string[];
  vehicles: number;
  distance: number;
  /** Jobs placed on another vehicle than the one they were assigned to (VrpJob.assignedTo). */
  moved: number;
  iterations: number;
  stoppedBy: "budget" | "cancelled";
}

type Sorter = (inst: Instance, jobs: number[], rng: () => number) => number[];

function shuffle<T>(items: T[], rng: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const k = Math.floor(rng() * (i + 1));
    [items[i], items[k]] = [items[k]!, items[i]!];
  }
  return items;
}

const byKey = (key: (inst: Instance, j: number) => number): Sorter => {
  return (inst, jobs, rng) => {
    const keyed = shuffle(jobs.slice(), rng).map((j) => [key(inst, j), j] as const);
    return keyed.sort((a, b) => a[0] - b[0]).map(([, j]) => j);
  };
};
const fromBase = (inst: Instance, j: number) => inst.dist[inst.vStart[0]! * inst.nLoc + inst.loc[j]!]!;
// The paper's weights (random 4, demand 4, far 2, close 1), plus earliest-window for VRPTW.
const SORTERS: [number, Sorter][] = [
  [4, (_inst, jobs, rng) => shuffle(jobs.slice(), rng)],
  [4, byKey((inst, j) => -inst.demand[j]! - 1e-6 * inst.priority[j]!)],
  [2, byKey((inst, j) => -fromBase(inst, j))],
  [1, byKey(fromBase)],
  [2, byKey((inst, j) => inst.latest[j]! - inst.earliest[j]!)],
];
const SORTER_TOTAL = SORTERS.reduce((s, [w]) => s + w, 0);

function sortRemoved(inst: Instance, jobs: number[], rng: () => number): number[] {
  // Heavier priorities first whatever the order: an unplaced urgent job costs most.
  let pick = rng() * SORTER_TOTAL;
  for (const [w, sorter] of SORTERS) {
    pick -= w;
    if (pick < 0) return stablePriority(inst, sorter(inst, jobs, rng));
  }
  return stablePriority(inst, jobs);
}

function stablePriority(inst: Instance, jobs: number[]): number[] {
  return jobs
    .map((j, i) => [j, i] as const)
    .sort((a, b) => inst.priority[b[0]]! - inst.priority[a[0]]! || a[1] - b[1])
    .map(([j]) => j);
}

/** Iterations a detour through one more route may last before the search returns to the best. */
const DETOUR_ITERATIONS = 1000;
/** Jobs per route from which routes count as long (the Solomon C2/R2 shape). */
const LONG_ROUTE = 15;

export function construct(inst: Instance, rng: () => number, useIdle = false): Solution {
  const sol = new Solution(inst);
  for (let v = 0; v < inst.nVehicles; v++) {
    const j = inst.vUnderWay[v]!;
    if (j >= 0) insertJob(inst, sol, v, j, 0);
  }
  keepPlannedRoutes(inst, sol);
  const all = { blinkRate: 0, maxRoutes: inst.nVehicles, useIdle };
  const pinned: number[] = [];
  const free: number[] = [];
  for (let j = 0; j < inst.nJobs; j++) if (sol.jobRoute[j]! < 0) (inst.frozen[j] ? pinned : free).push(j);
  recreate(inst, sol, byKey((i, j) => i.earliest[j]!)(inst, pinned, rng), rng, all);
  recreate(inst, sol, stablePriority(inst, byKey((i, j) => -fromBase(i, j))(inst, free, rng)), rng, all);
  return sol;
}

/**
 * A re-plan starts from the live plan: each vehicle's assigned jobs, in their planned order,
 * as long as they still fit (a technician running late may no longer make the last ones).
 * What does not fit is placed like any other job.
 */
function keepPlannedRoutes(inst: Instance, sol: Solution): void {
  const planned: number[][] = Array.from({ length: inst.nVehicles }, () => []);
  for (let j = 0; j < inst.nJobs; j++) {
    const v = inst.preferred[j]!;
    if (v >= 0 && sol.jobRoute[j]! < 0 && inst.allowed[j * inst.nVehicles + v] && inst.partner[j]! < 0)
      planned[v]!.push(j);
  }
  planned.forEach((jobs, v) => {
    jobs.sort((a, b) => inst.plannedStart[a]! - inst.plannedStart[b]! || a - b);
    for (const j of jobs) {
      const route = sol.mutable(v);
      route.seq.push(j);
      route.update(inst, sol.early, sol.late);
      if (route.feasible && route.load <= inst.vCapacity[v]!) sol.jobRoute[j] = v;
      else {
        route.seq.pop();
        route.update(inst, sol.early, sol.late);
      }
    }
  });
}

export function solve(problem: VrpProblem | Instance, options: SolveOptions = {}): SolveResult {
  const inst = "jobIds" in problem ? problem : compileProblem(problem);
  inst.movePenalty = Math.max(0, options.movePenalty ?? 0);
  const minimiseRoutes = options.minimiseRoutes ?? true;
  const rng = seededRandom(options.seed ?? 1);
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const limit = options.timeLimitMs ?? 10_000;
  const ruinOpts = options.ruin ?? SISR_DEFAULTS;
  const blinkRate = options.blinkRate ?? 0.01;
  const fleetShare = minimiseRoutes ? (options.fleetShare ?? 0.3) : 0;
  let iterations = 0;
  let cancelled = false;
  let progressCache = 0;
  const progress = () => {
    if (iterations % 16 === 0) {
      if (options.shouldStop && options.shouldStop()) cancelled = true;
      progressCache = options.iterations !== undefined ? iterations / options.iterations : (clock() - started) / limit;
    } else if (options.iterations !== undefined) progressCache = iterations / options.iterations;
    return cancelled ? 1 : progressCache;
  };

  let best = construct(inst, rng, !minimiseRoutes);
  const step = (from: Solution, maxRoutes: number, absences?: Float64Array): Solution => {
    iterations++;
    const cand = from.clone(inst);
    const unplaced = from.unplaced();
    // Removing routes: ruin next to a job left out, where room is needed.
    const around =
      absences && unplaced.length > 0 && rng() < 0.5 ? unplaced[Math.floor(rng() * unplaced.length)] : undefined;
    const removed = ruin(inst, cand, rng, ruinOpts, around);
    let pending = sortRemoved(inst, removed.concat(unplaced), rng);
    // The jobs most often left out are the hardest to place: they go first.
    if (absences)
      pending = pending
        .map((j, i) => [j, i] as const)
        .sort((a, b) => absences[b[0]]! - absences[a[0]]! || a[1] - b[1])
        .map(([j]) => j);
    recreate(inst, cand, pending, rng, { blinkRate, maxRoutes, useIdle: !minimiseRoutes });
    return cand;
  };

  // Phase 1: fleet minimisation. A route's jobs go to a bank; ruin-and-recreate without new
  // routes accepts a candidate that leaves fewer (or less often absent) jobs unplaced.
  const totalDemand = inst.demand.reduce((s, d) => s + d, 0);
  const lowerBound = Math.max(1, Math.ceil(totalDemand / Math.max(...inst.vCapacity)));
  const absences = new Float64Array(inst.nJobs);
  const sumAbs = (s: Solution) => s.unplaced().reduce((t, j) => t + absences[j]!, 0);
  while (progress() < fleetShare && best.routeCount() > lowerBound) {
    const target = best.unplacedWeight(inst);
    let cur = best.clone(inst);
    const candidates = cur.routes
      .map((r, i) => [r, i] as const)
      .filter(([r]) => r.seq.length > 0 && !r.seq.some((j) => inst.frozen[j]));
    if (candidates.length === 0) break;
    // Shortest route first, random among equals: it is the cheapest to re-home.
    candidates.sort((a, b) => a[0].seq.length - b[0].seq.length || rng() - 0.5);
    const [, drop] = candidates[0]!;
    cur.detach(inst, cur.routes[drop]!.seq);
    const maxRoutes = cur.routeCount();
    let done = false;
    while (progress() < fleetShare) {
      const cand = step(cur, maxRoutes, absences);
      const cw = cand.unplacedWeight(inst);
      const uw = cur.unplacedWeight(inst);
      if (cw < uw || (cw === uw && sumAbs(cand) < sumAbs(cur))) cur = cand;
      for (const j of cur.unplaced()) absences[j] = absences[j]! + 1;
      if (cur.unplacedWeight(inst) <= target) {
        done = true;
        break;
      }
    }
    if (!done) break;
    best = cur;
  }

  // Phase 2: simulated annealing on distance, the fleet held (or grown only to place jobs).
  const phaseStart = Math.min(progress(), 1);
  let cur = best;
  let overFor = 0;
  const routedJobs = Math.max(1, inst.nJobs - best.unplaced().length);
  const t0 = ((options.temperature ?? 10) * best.distance()) / routedJobs || 1;
  const tf = t0 / 100;
  while (progress() < 1) {
    const p = phaseStart >= 1 ? 1 : (progressCache - phaseStart) / (1 - phaseStart);
    const temperature = t0 * Math.pow(tf / t0, Math.min(1, Math.max(0, p)));
    // At the capacity bound no route can be saved; long routes that fill the day leave no room to
    // swap jobs between them, so the search may pass through one more route (priced at an average
    // route's length). Short routes do not need it, and there it wastes the budget.
    const RP =
      minimiseRoutes &&
      best.routeCount() <= lowerBound &&
      best.unplaced().length === 0 &&
      routedJobs >= LONG_ROUTE * best.routeCount()
        ? 1
        : 0;
    const penalty = (RP * best.distance()) / Math.max(1, best.routeCount());
    const maxRoutes =
      !minimiseRoutes || cur.unplaced().length > 0
        ? inst.nVehicles
        : RP > 0
          ? Math.min(inst.nVehicles, best.routeCount() + 1)
          : cur.routeCount();
    const cand = step(cur, maxRoutes);
    const du = cand.unplacedWeight(inst) - cur.unplacedWeight(inst);
    const dr = cand.routeCount() - cur.routeCount();
    if (!minimiseRoutes) {
      if (du < 0 || (du === 0 && cand.cost(inst) < cur.cost(inst) - temperature * Math.log(rng()))) cur = cand;
    } else if (RP > 0) {
      if (du < 0 || (du === 0 && cand.distance() + penalty * dr < cur.distance() - temperature * Math.log(rng())))
        cur = cand;
    } else if (
      du < 0 ||
      (du === 0 && (dr < 0 || (dr === 0 && cand.distance() < cur.distance() - temperature * Math.log(rng()))))
    )
      cur = cand;
    if (compareSolutions(inst, cur, best, minimiseRoutes) < 0) best = cur;
    // A detour through one more route must come back: cheaper extra-route solutions would
    // otherwise hold the search away from the fleet size that counts.
    overFor = cur.routeCount() > best.routeCount() ? overFor + 1 : 0;
    if (overFor > DETOUR_ITERATIONS) {
      cur = best;
      overFor = 0;
    }
  }
  return toResult(inst, best, iterations, cancelled);
}

function toResult(inst: Instance, sol: Solution, iterations: number, cancelled: boolean): SolveResult {
  const routes: SolvedRoute[] = [];
  for (const r of sol.routes) {
    if (r.seq.length === 0) continue;
    routes.push({
      vehicleId: inst.vehicleIds[r.vehicle]!,
      jobIds: r.seq.map((j) => inst.jobIds[j]!),
      starts: r.es.slice(1, r.seq.length + 1),
      latestStarts: r.ls.slice(1, r.seq.length + 1),
      distance: r.dist,
    });
  }
  return {
    routes,
    unplaced: sol
      .unplaced()
      .filter((j) => !inst.isHelper[j])
      .map((j) => inst.jobIds[j]!),
    vehicles: routes.length,
    distance: sol.distance(),
    moved: sol.moved(),
    iterations,
    stoppedBy: cancelled ? "cancelled" : "budget",
  };
}
