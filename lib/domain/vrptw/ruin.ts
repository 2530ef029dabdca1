/**
 * SISR's ruin (Christiaens & Vanden Berghe 2020, "Slack induction by string removals"): remove
 * a few strings of consecutive jobs from routes near a random seed job. Removing neighbouring
 * strings opens slack where jobs are dense, which is where recreate can then do better.
 * Jobs a dispatcher pinned, and jobs under way, are never removed.
 */
import type { Instance } from "./model";
import type { Solution } from "./solution";

export interface RuinOptions {
  /** Average number of jobs removed (c̄ in the paper). */
  averageRemoved: number;
  /** Longest string (L^max). */
  maxString: number;
  /** Split-string preservation probability (α in the paper). */
  splitRate: number;
}

export const SISR_DEFAULTS: RuinOptions = { averageRemoved: 10, maxString: 10, splitRate: 0.5 };

const randInt = (rng: () => number, lo: number, hiInclusive: number) => lo + Math.floor(rng() * (hiInclusive - lo + 1));

function removeAt(inst: Instance, sol: Solution, r: number, from: number, count: number, removed: number[]): void {
  const seq = sol.routes[r]!.seq;
  const take = seq.slice(from, from + count).filter((j) => !inst.frozen[j]);
  for (const j of sol.detach(inst, take)) removed.push(j);
}

/** Removes strings from `sol` (mutated) and returns the removed jobs. */
export function ruin(
  inst: Instance,
  sol: Solution,
  rng: () => number,
  opts: RuinOptions = SISR_DEFAULTS,
  /** Ruin around this job instead of a random routed one (an unplaced job: make room near it). */
  around?: number,
): number[] {
  const routed: number[] = [];
  for (let j = 0; j < inst.nJobs; j++) if (sol.jobRoute[j]! >= 0 && !inst.frozen[j]) routed.push(j);
  if (routed.length === 0) return [];
  const routes = sol.routeCount();
  const avgLen = routed.length / Math.max(1, routes);
  const lsMax = Math.min(opts.maxString, avgLen);
  const ksMax = (4 * opts.averageRemoved) / (1 + lsMax) - 1;
  const ks = Math.floor(rng() * ksMax) + 1;
  const seed = around ?? routed[Math.floor(rng() * routed.length)]!;
  const ruined = new Set<number>();
  const removed: number[] = [];
  const candidates = [seed, ...inst.neighbours[seed]!];
  for (const c of candidates) {
    if (ruined.size >= ks) break;
    const r = sol.jobRoute[c]!;
    if (r < 0 || inst.frozen[c] || ruined.has(r)) continue;
    const seq = sol.routes[r]!.seq;
    const n = seq.length;
    const lMax = Math.min(n, lsMax);
    const l = Math.floor(rng() * lMax) + 1;
    const pos = seq.indexOf(c);
    ruined.add(r);
    if (rng() < 0.5 || l >= n) {
      const start = randInt(rng, Math.max(0, pos - l + 1), Math.min(pos, n - l));
      removeAt(inst, sol, r, start, l, removed);
    } else {
      // Split string: a longer string of which m consecutive jobs stay.
      let m = 1;
      while (l + m < n && rng() < opts.splitRate) m++;
      const total = l + m;
      const start = randInt(rng, Math.max(0, pos - total + 1), Math.min(pos, n - total));
      const keepAt = start + randInt(rng, 0, l);
      const seq = sol.routes[r]!.seq;
      const take = [...seq.slice(start, keepAt), ...seq.slice(keepAt + m, start + total)].filter(
        (j) => !inst.frozen[j],
      );
      for (const j of sol.detach(inst, take)) removed.push(j);
    }
  }
  return removed;
}
