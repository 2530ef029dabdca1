/**
 * Independent feasibility check of a benchmark answer, written apart from the solver's own
 * bookkeeping (no shared code beyond the parsed instance) so a solver bug cannot hide itself:
 * every customer exactly once, capacity, windows (early arrival waits, service starts no later
 * than the latest), back at the depot by its closing, distance recomputed from the coordinates.
 */
import type { LkhInstance } from "./lkh-format";

export interface CheckResult {
  feasible: boolean;
  errors: string[];
  vehicles: number;
  distance: number;
}

export function checkSolution(inst: LkhInstance, routes: number[][]): CheckResult {
  const errors: string[] = [];
  const seen = new Map<number, number>();
  const depot = 0;
  const euclid = (a: number, b: number) => Math.sqrt((inst.x[a]! - inst.x[b]!) ** 2 + (inst.y[a]! - inst.y[b]!) ** 2);
  let distance = 0;
  routes.forEach((route, r) => {
    if (route.length === 0) {
      errors.push(`route ${r + 1} is empty`);
      return;
    }
    let load = 0;
    let time = inst.earliest[depot]!;
    let at = depot;
    for (const node of route) {
      if (!Number.isInteger(node) || node < 2 || node > inst.dimension) {
        errors.push(`route ${r + 1}: ${node} is not a customer node id (2..${inst.dimension})`);
        return;
      }
      seen.set(node, (seen.get(node) ?? 0) + 1);
      const k = node - 1;
      const leg = euclid(at, k);
      distance += leg;
      time = Math.max(time + leg, inst.earliest[k]!);
      if (time > inst.latest[k]!)
        errors.push(
          `route ${r + 1}: customer ${node} starts at ${time.toFixed(2)}, after its latest ${inst.latest[k]}`,
        );
      load += inst.demand[k]!;
      time += inst.serviceTime;
      at = k;
    }
    const back = euclid(at, depot);
    distance += back;
    time += back;
    if (time > inst.latest[depot]!)
      errors.push(`route ${r + 1}: back at the depot at ${time.toFixed(2)}, after it closes at ${inst.latest[depot]}`);
    if (load > inst.capacity) errors.push(`route ${r + 1}: load ${load} exceeds capacity ${inst.capacity}`);
  });
  for (let node = 2; node <= inst.dimension; node++) {
    const n = seen.get(node) ?? 0;
    if (n === 0) errors.push(`customer ${node} is not served`);
    if (n > 1) errors.push(`customer ${node} is served ${n} times`);
  }
  return { feasible: errors.length === 0, errors, vehicles: routes.filter((r) => r.length > 0).length, distance };
}
