/**
 * SISR's recreate: put each removed job, in a randomly chosen order, at its cheapest feasible
 * position, skipping each position with a small "blink" probability so repeated runs explore.
 * A new route is opened only when no open route can take the job.
 */
import type { Instance } from "./model";
import type { Solution } from "./solution";

export interface RecreateOptions {
  blinkRate: number;
  /** No more non-empty routes than this. */
  maxRoutes: number;
  /**
   * Price idle vehicles beside open routes for every job, not only when no open route can take
   * it: in a re-plan the technicians are out anyway, and an idle one is often the cheapest place.
   */
  useIdle?: boolean;
}

/** Cheapest feasible insertion of job j into route r (position index into seq), or null. */
export function bestInsertion(
  inst: Instance,
  sol: Solution,
  r: number,
  j: number,
  rng: () => number,
  blinkRate: number,
): { pos: number; cost: number } | null {
  const route = sol.routes[r]!;
  const v = route.vehicle;
  if (!inst.allowed[j * inst.nVehicles + v]) return null;
  if (route.load + inst.demand[j]! > inst.vCapacity[v]!) return null;
  const N = inst.nLoc;
  const jl = inst.loc[j]!;
  const e = sol.early[j]!;
  const l = sol.late[j]!;
  const s = inst.service[j]!;
  const n = route.seq.length;
  const es = route.es;
  const ls = route.ls;
  let best = Infinity;
  let bestPos = -1;
  let prevLoc = route.locAt(inst, inst.vFixedPrefix[v]!);
  let prevService = inst.vFixedPrefix[v]! > 0 ? inst.service[route.seq[inst.vFixedPrefix[v]! - 1]!]! : 0;
  for (let k = inst.vFixedPrefix[v]!; k <= n; k++) {
    const nextLoc = k === n ? inst.vEnd[v]! : inst.loc[route.seq[k]!]!;
    const arrive = es[k]! + prevService + inst.time[prevLoc * N + jl]!;
    // With travel times that obey the triangle inequality, later positions only arrive later: stop
    // once past the job's latest start. Otherwise this may skip a feasible position, never admit a bad one.
    if (arrive > l) break;
    const start = arrive > e ? arrive : e;
    if (start + s + inst.time[jl * N + nextLoc]! <= ls[k + 1]! && (blinkRate === 0 || rng() >= blinkRate)) {
      const cost =
        inst.dist[prevLoc * N + jl]! + inst.dist[jl * N + nextLoc]! - (n === 0 ? 0 : inst.dist[prevLoc * N + nextLoc]!);
      if (cost < best) {
        best = cost;
        bestPos = k;
      }
    }
    prevLoc = nextLoc;
    prevService = k < n ? inst.service[route.seq[k]!]! : 0;
  }
  return bestPos < 0 ? null : { pos: bestPos, cost: best + movePrice(inst, j, v) };
}

/** What placing j on vehicle v costs beyond travel: a re-plan's price for moving a job. */
function movePrice(inst: Instance, j: number, v: number): number {
  const preferred = inst.preferred[j]!;
  return preferred >= 0 && preferred !== v ? inst.movePenalty : 0;
}

interface Slot {
  r: number;
  pos: number;
  arrive: number;
  /** Latest start at this position that the rest of the route still allows. */
  latest: number;
  cost: number;
}

/** Every feasible position of j in route r, with the arrival there and the latest start it allows. */
function slots(inst: Instance, sol: Solution, r: number, j: number, out: Slot[]): void {
  const route = sol.routes[r]!;
  const v = route.vehicle;
  if (!inst.allowed[j * inst.nVehicles + v] || route.load + inst.demand[j]! > inst.vCapacity[v]!) return;
  const N = inst.nLoc;
  const jl = inst.loc[j]!;
  const n = route.seq.length;
  for (let k = inst.vFixedPrefix[v]!; k <= n; k++) {
    const prevLoc = route.locAt(inst, k);
    const prevService = k === 0 ? 0 : inst.service[route.seq[k - 1]!]!;
    const nextLoc = route.locAt(inst, k + 1);
    const arrive = route.es[k]! + prevService + inst.time[prevLoc * N + jl]!;
    const latest = Math.min(sol.late[j]!, route.ls[k + 1]! - inst.service[j]! - inst.time[jl * N + nextLoc]!);
    if (Math.max(arrive, sol.early[j]!) > latest) continue;
    const cost =
      inst.dist[prevLoc * N + jl]! +
      inst.dist[jl * N + nextLoc]! -
      (n === 0 ? 0 : inst.dist[prevLoc * N + nextLoc]!) +
      movePrice(inst, j, v);
    out.push({ r, pos: k, arrive, latest, cost });
  }
}

/**
 * A two-technician job: the cheapest pair of positions on two different routes where both can
 * start together. The shared start becomes both visits' window, so later insertions into either
 * route keep it (the routes' own slack checks then hold the synchronisation).
 */
function insertPair(inst: Instance, sol: Solution, j: number, routes: number[]): number[] {
  const h = inst.partner[j]!;
  const a: Slot[] = [];
  const b: Slot[] = [];
  for (const r of routes) {
    slots(inst, sol, r, j, a);
    slots(inst, sol, r, h, b);
  }
  let best: [Slot, Slot, number] | null = null;
  let bestCost = Infinity;
  for (const x of a)
    for (const y of b) {
      if (x.r === y.r || x.cost + y.cost >= bestCost) continue;
      const start = Math.max(x.arrive, y.arrive, sol.early[j]!);
      if (start > x.latest || start > y.latest) continue;
      bestCost = x.cost + y.cost;
      best = [x, y, start];
    }
  if (!best) return [];
  const [x, y, start] = best;
  sol.early[j] = sol.late[j] = sol.early[h] = sol.late[h] = start;
  insertJob(inst, sol, x.r, j, x.pos);
  insertJob(inst, sol, y.r, h, y.pos);
  return [x.r, y.r];
}

export function insertJob(inst: Instance, sol: Solution, r: number, j: number, pos: number): void {
  const route = sol.mutable(r);
  route.seq.splice(pos, 0, j);
  route.update(inst, sol.early, sol.late);
  sol.jobRoute[j] = r;
}

/** Places `jobs` into `sol` (mutated); returns the jobs that found no place. */
export function recreate(
  inst: Instance,
  sol: Solution,
  jobs: number[],
  rng: () => number,
  opts: RecreateOptions,
): number[] {
  const left: number[] = [];
  // Open routes, kept as a list: benchmark fleets have as many (mostly empty) vehicles as jobs.
  const open: number[] = [];
  for (let r = 0; r < sol.routes.length; r++) if (sol.routes[r]!.seq.length > 0) open.push(r);
  for (const j of jobs) {
    if (sol.jobRoute[j]! >= 0 || (inst.partner[j]! >= 0 && left.includes(j))) continue; // its pair was handled
    if (inst.partner[j]! >= 0) {
      const main = inst.isHelper[j] ? inst.partner[j]! : j;
      // Open routes, and one empty vehicle per class twice over (a pair may need two new routes).
      const candidates = open.slice();
      const spare = opts.maxRoutes - open.length;
      const perClass = new Map<number, number>();
      for (let r = 0; r < sol.routes.length && spare > 0; r++) {
        const c = inst.vClass[sol.routes[r]!.vehicle]!;
        if (sol.routes[r]!.seq.length > 0 || (perClass.get(c) ?? 0) >= 2) continue;
        perClass.set(c, (perClass.get(c) ?? 0) + 1);
        candidates.push(r);
      }
      const used = insertPair(inst, sol, main, candidates);
      const opened = used.filter((r) => !open.includes(r));
      if (used.length === 0 || open.length + opened.length > opts.maxRoutes) {
        if (used.length) sol.detach(inst, [main]);
        left.push(main, inst.partner[main]!);
      } else open.push(...opened);
      continue;
    }
    let bestR = -1;
    let bestPos = -1;
    let bestCost = Infinity;
    for (const r of open) {
      const ins = bestInsertion(inst, sol, r, j, rng, opts.blinkRate);
      if (ins && ins.cost < bestCost) {
        bestCost = ins.cost;
        bestR = r;
        bestPos = ins.pos;
      }
    }
    if ((bestR < 0 || opts.useIdle) && open.length < opts.maxRoutes) {
      // One empty vehicle per interchangeable class is enough to price a new route.
      const seen = new Set<number>();
      for (let r = 0; r < sol.routes.length; r++) {
        const route = sol.routes[r]!;
        if (route.seq.length > 0 || seen.has(inst.vClass[route.vehicle]!)) continue;
        seen.add(inst.vClass[route.vehicle]!);
        const ins = bestInsertion(inst, sol, r, j, rng, 0);
        if (ins && ins.cost < bestCost) {
          bestCost = ins.cost;
          bestR = r;
          bestPos = ins.pos;
        }
      }
      if (bestR >= 0 && !open.includes(bestR)) open.push(bestR);
    }
    if (bestR < 0) left.push(j);
    else insertJob(inst, sol, bestR, j, bestPos);
  }
  return left;
}
