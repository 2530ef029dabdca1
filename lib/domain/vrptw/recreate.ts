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
  const e = inst.earliest[j]!;
  const l = inst.latest[j]!;
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
  return bestPos < 0 ? null : { pos: bestPos, cost: best };
}

export function insertJob(inst: Instance, sol: Solution, r: number, j: number, pos: number): void {
  const route = sol.mutable(r);
  route.seq.splice(pos, 0, j);
  route.update(inst);
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
    if (bestR < 0 && open.length < opts.maxRoutes) {
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
      if (bestR >= 0) open.push(bestR);
    }
    if (bestR < 0) left.push(j);
    else insertJob(inst, sol, bestR, j, bestPos);
  }
  return left;
}
