/**
 * A route keeps, beside its job sequence, the earliest start and the latest feasible start of
 * every stop (forward time slack, Savelsbergh 1992): inserting a job between two stops is then
 * checked in constant time instead of re-simulating the route.
 */
import type { Instance } from "./model";

export class Route {
  /** Index 0 is the start base, 1..n the jobs, n+1 the end base. */
  es: number[] = [];
  ls: number[] = [];
  load = 0;
  dist = 0;
  /** Jobs on this route that the live plan has on another vehicle (a re-plan's changes). */
  moved = 0;
  feasible = true;

  constructor(
    readonly vehicle: number,
    public seq: number[] = [],
  ) {}

  clone(): Route {
    const r = new Route(this.vehicle, this.seq.slice());
    r.es = this.es.slice();
    r.ls = this.ls.slice();
    r.load = this.load;
    r.dist = this.dist;
    r.moved = this.moved;
    r.feasible = this.feasible;
    return r;
  }

  locAt(inst: Instance, k: number): number {
    if (k === 0) return inst.vStart[this.vehicle]!;
    if (k === this.seq.length + 1) return inst.vEnd[this.vehicle]!;
    return inst.loc[this.seq[k - 1]!]!;
  }

  /**
   * Recomputes the slack arrays, load and distance after the sequence changed. Windows come from
   * the solution, not the instance: a job done by two technicians has its start fixed there.
   */
  update(inst: Instance, early: Float64Array, late: Float64Array): void {
    const n = this.seq.length;
    const v = this.vehicle;
    const N = inst.nLoc;
    const es = new Array<number>(n + 2);
    const ls = new Array<number>(n + 2);
    es[0] = inst.vShiftStart[v]!;
    let load = 0;
    let dist = 0;
    let moved = 0;
    let feasible = true;
    let prevLoc = inst.vStart[v]!;
    let prevDone = es[0];
    for (let k = 1; k <= n; k++) {
      const j = this.seq[k - 1]!;
      const l = inst.loc[j]!;
      const arrive = prevDone + inst.time[prevLoc * N + l]!;
      dist += inst.dist[prevLoc * N + l]!;
      const start = Math.max(arrive, early[j]!);
      if (start > late[j]!) feasible = false;
      es[k] = start;
      prevDone = start + inst.service[j]!;
      prevLoc = l;
      load += inst.demand[j]!;
      const preferred = inst.preferred[j]!;
      if (preferred >= 0 && preferred !== v) moved++;
    }
    const end = inst.vEnd[v]!;
    es[n + 1] = prevDone + inst.time[prevLoc * N + end]!;
    dist += n > 0 ? inst.dist[prevLoc * N + end]! : 0;
    if (es[n + 1]! > inst.vShiftEnd[v]!) feasible = false;
    if (load > inst.vCapacity[v]!) feasible = false;
    ls[n + 1] = inst.vShiftEnd[v]!;
    let nextLoc = end;
    for (let k = n; k >= 1; k--) {
      const j = this.seq[k - 1]!;
      const l = inst.loc[j]!;
      ls[k] = Math.min(late[j]!, ls[k + 1]! - inst.service[j]! - inst.time[l * N + nextLoc]!);
      nextLoc = l;
    }
    ls[0] = ls[1]! - inst.time[inst.vStart[v]! * N + nextLoc]!;
    this.es = es;
    this.ls = ls;
    this.load = load;
    this.dist = dist;
    this.moved = moved;
    this.feasible = feasible;
  }
}

export class Solution {
  routes: Route[];
  /** Route (= vehicle) of each job, -1 when unplaced. */
  jobRoute: Int32Array;
  /** Each job's window in this solution: the instance's, or the shared start of a two-technician job. */
  early: Float64Array;
  late: Float64Array;
  private owned: Uint8Array;

  constructor(inst: Instance, from?: Solution) {
    this.routes = from ? from.routes.slice() : Array.from({ length: inst.nVehicles }, (_, v) => new Route(v));
    this.jobRoute = from ? from.jobRoute.slice() : new Int32Array(inst.nJobs).fill(-1);
    this.early = from ? from.early.slice() : inst.earliest.slice();
    this.late = from ? from.late.slice() : inst.latest.slice();
    if (!from) for (const r of this.routes) r.update(inst, this.early, this.late);
    this.owned = new Uint8Array(inst.nVehicles).fill(from ? 0 : 1);
  }

  /** Copy on write: routes are shared with the parent until `mutable` is asked for them. */
  clone(inst: Instance): Solution {
    return new Solution(inst, this);
  }

  /**
   * Takes jobs out of their routes; the partner visit of a two-technician job goes with it, and
   * both get their own windows back. Returns every job taken out.
   */
  detach(inst: Instance, jobs: number[]): number[] {
    const out = new Set<number>();
    for (const j of jobs) {
      out.add(j);
      const p = inst.partner[j]!;
      if (p >= 0) out.add(p);
    }
    const touched = new Set<number>();
    for (const j of out) {
      const r = this.jobRoute[j]!;
      if (r >= 0) touched.add(r);
      this.jobRoute[j] = -1;
      this.early[j] = inst.earliest[j]!;
      this.late[j] = inst.latest[j]!;
    }
    for (const r of touched) {
      const route = this.mutable(r);
      route.seq = route.seq.filter((j) => !out.has(j));
      route.update(inst, this.early, this.late);
    }
    return [...out];
  }

  mutable(r: number): Route {
    if (!this.owned[r]) {
      this.routes[r] = this.routes[r]!.clone();
      this.owned[r] = 1;
    }
    return this.routes[r]!;
  }

  routeCount(): number {
    let n = 0;
    for (const r of this.routes) if (r.seq.length > 0) n++;
    return n;
  }

  distance(): number {
    let d = 0;
    for (const r of this.routes) d += r.dist;
    return d;
  }

  /** Jobs placed off the vehicle the live plan has them on. */
  moved(): number {
    let n = 0;
    for (const r of this.routes) n += r.moved;
    return n;
  }

  /** Distance plus the re-plan's price of every job moved to another vehicle. */
  cost(inst: Instance): number {
    return inst.movePenalty > 0 ? this.distance() + inst.movePenalty * this.moved() : this.distance();
  }

  unplaced(): number[] {
    const out: number[] = [];
    for (let j = 0; j < this.jobRoute.length; j++) if (this.jobRoute[j]! < 0) out.push(j);
    return out;
  }

  unplacedWeight(inst: Instance): number {
    let w = 0;
    for (let j = 0; j < this.jobRoute.length; j++) if (this.jobRoute[j]! < 0) w += inst.priority[j]!;
    return w;
  }
}

/**
 * Lexicographic objective: unplaced weight, then routes, then distance (plus the price of moved
 * jobs, in a re-plan). Without `minimiseRoutes` (a re-plan during the day: the technicians are
 * out already) the route count plays no part. Negative when a is better.
 */
export function compareSolutions(inst: Instance, a: Solution, b: Solution, minimiseRoutes = true): number {
  const u = a.unplacedWeight(inst) - b.unplacedWeight(inst);
  if (Math.abs(u) > 1e-9) return u;
  if (minimiseRoutes) {
    const r = a.routeCount() - b.routeCount();
    if (r !== 0) return r;
  }
  return a.cost(inst) - b.cost(inst);
}
