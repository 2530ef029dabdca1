import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkSolution } from "../lib/domain/vrptw/check-solution";
import { lkhToProblem, parseLkh } from "../lib/domain/vrptw/lkh-format";
import { optimizeInWorker } from "../server/services/dispatch/optimizer";
import { dispatchDay } from "./lib/dispatch-day";
import { machine } from "./lib/stats";

/**
 * `npm run bench -- vrptw`: solves every instance in ../shared/data/vrptw/ (Solomon 100,
 * Gehring–Homberger 200) with BENCH_VRPTW_SECONDS (default 10) each, one at a time, each in a
 * fresh worker thread (one core), checks every answer with the independent feasibility
 * checker, and reports vehicles, distance and the gap to the best known solution (bks.csv).
 * BENCH_VRPTW_DIR overrides the data folder; BENCH_VRPTW_ONLY=a,b limits to those instances.
 * Then issue 17's product-shaped day (bench/lib/dispatch-day.ts) with 5 s, and the main thread's
 * event-loop delay meanwhile.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

interface InstanceResult {
  instance: string;
  set: string;
  vehicles: number;
  distance: number;
  feasible: boolean;
  seconds: number;
  bks_vehicles: number;
  bks_distance: number;
  gap_pct: number;
  errors?: string[];
}

interface SetSummary {
  vehicles: number;
  bks_vehicles: number;
  vehicles_over_pct: number;
  avg_gap_pct: number;
  /** Over the instances solved with the best known fleet only: a gap beside a larger fleet means little. */
  avg_gap_pct_at_bks_vehicles: number | null;
  feasible: number;
  total: number;
}

export interface VrptwBenchResult {
  name: "vrptw";
  at: string;
  machine: ReturnType<typeof machine> & { loadavg_start: number[]; loadavg_end: number[] };
  params: { seconds: number; seed: number; dir: string };
  instances: InstanceResult[];
  summary: SetSummary;
  sets: Record<string, SetSummary>;
  product: ProductResult;
}

/** Issue 17's product-shaped case: 40 technicians, 300 jobs, skills, windows, shifts, 10 pinned, 5 s. */
interface ProductResult {
  technicians: number;
  jobs: number;
  pinned: number;
  seconds_budget: number;
  seconds: number;
  placed: number;
  unplaced: number;
  routes: number;
  travel_km: number;
  pinned_kept: boolean;
  /** The main thread's event-loop delay while the worker solved (what the board's server would feel). */
  event_loop_p99_ms: number;
  event_loop_max_ms: number;
}

async function productDay(): Promise<ProductResult> {
  const problem = dispatchDay(40, 300, 10);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  const result = await optimizeInWorker({ problem, timeLimitMs: 5_000, seed: 1 });
  const seconds = (performance.now() - started) / 1000;
  delay.disable();
  const vehicleOf = new Map(result.routes.flatMap((r) => r.jobIds.map((id) => [id, r.vehicleId] as const)));
  const pins = problem.jobs.filter((j) => j.lockedTo);
  return {
    technicians: problem.vehicles.length,
    jobs: problem.jobs.length,
    pinned: pins.length,
    seconds_budget: 5,
    seconds: round(seconds),
    placed: problem.jobs.length - result.unplaced.length,
    unplaced: result.unplaced.length,
    routes: result.vehicles,
    travel_km: round(result.distance, 1),
    pinned_kept: pins.every((j) => !vehicleOf.has(j.id) || vehicleOf.get(j.id) === j.lockedTo),
    event_loop_p99_ms: round(delay.percentile(99) / 1e6, 1),
    event_loop_max_ms: round(delay.max / 1e6, 1),
  };
}

function seconds(): number {
  const raw = process.env.BENCH_VRPTW_SECONDS;
  const value = raw === undefined || raw === "" ? 10 : Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`BENCH_VRPTW_SECONDS must be a positive number, got "${raw}"`);
  return value;
}

function summarise(rows: InstanceResult[]): SetSummary {
  const vehicles = rows.reduce((s, r) => s + r.vehicles, 0);
  const bks = rows.reduce((s, r) => s + r.bks_vehicles, 0);
  const same = rows.filter((r) => r.vehicles === r.bks_vehicles);
  return {
    vehicles,
    bks_vehicles: bks,
    vehicles_over_pct: round(((vehicles - bks) / bks) * 100),
    avg_gap_pct: round(rows.reduce((s, r) => s + r.gap_pct, 0) / Math.max(1, rows.length)),
    avg_gap_pct_at_bks_vehicles: same.length ? round(same.reduce((s, r) => s + r.gap_pct, 0) / same.length) : null,
    feasible: rows.filter((r) => r.feasible).length,
    total: rows.length,
  };
}

export async function runVrptwBench(): Promise<VrptwBenchResult> {
  const budget = seconds();
  const dir = process.env.BENCH_VRPTW_DIR || path.resolve(here, "../../shared/data/vrptw");
  const only = (process.env.BENCH_VRPTW_ONLY ?? "").split(",").filter(Boolean);
  const bks = new Map(
    readFileSync(path.join(dir, "bks.csv"), "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => line.split(","))
      .map(([name, v, d]) => [name!, { vehicles: Number(v), distance: Number(d) }]),
  );
  const loadStart = os.loadavg().map((l) => round(l));
  const instances: InstanceResult[] = [];
  for (const set of ["solomon100", "gh200"]) {
    for (const file of readdirSync(path.join(dir, set)).sort()) {
      const inst = parseLkh(readFileSync(path.join(dir, set, file), "utf8"));
      if (only.length && !only.includes(inst.name)) continue;
      const best = bks.get(inst.name);
      if (!best) throw new Error(`${file}: no best known solution for ${inst.name} in bks.csv`);
      const started = performance.now();
      const result = await optimizeInWorker({ problem: lkhToProblem(inst), timeLimitMs: budget * 1000, seed: 1 });
      const elapsed = (performance.now() - started) / 1000;
      const check = checkSolution(
        inst,
        result.routes.map((r) => r.jobIds.map(Number)),
      );
      const row: InstanceResult = {
        instance: inst.name,
        set,
        vehicles: check.vehicles,
        distance: round(check.distance, 4),
        feasible: check.feasible,
        seconds: round(elapsed),
        bks_vehicles: best.vehicles,
        bks_distance: best.distance,
        gap_pct: round(((check.distance - best.distance) / best.distance) * 100),
        ...(check.feasible ? {} : { errors: check.errors.slice(0, 5) }),
      };
      instances.push(row);
      console.log(
        `  ${row.instance.padEnd(8)} ${row.vehicles}/${row.bks_vehicles} vehicles  ${row.distance.toFixed(2)} vs ${row.bks_distance}  gap ${row.gap_pct}%  ${row.feasible ? "feasible" : "INFEASIBLE"}  ${row.seconds} s`,
      );
    }
  }
  const product = await productDay();
  console.log(
    `  product day: ${product.placed}/${product.jobs} jobs placed on ${product.routes} routes in ${product.seconds} s, event loop p99 ${product.event_loop_p99_ms} ms`,
  );
  const sets: Record<string, SetSummary> = {};
  for (const set of new Set(instances.map((r) => r.set))) sets[set] = summarise(instances.filter((r) => r.set === set));
  return {
    name: "vrptw",
    at: new Date().toISOString(),
    machine: { ...machine(), loadavg_start: loadStart, loadavg_end: os.loadavg().map((l) => round(l)) },
    params: { seconds: budget, seed: 1, dir },
    instances,
    summary: summarise(instances),
    sets,
    product,
  };
}

export function summary(result: VrptwBenchResult): string {
  const parts = Object.entries(result.sets).map(
    ([set, s]) =>
      `${set}: ${s.feasible}/${s.total} feasible, ${s.vehicles} vehicles (BKS ${s.bks_vehicles}, +${s.vehicles_over_pct}%), avg gap ${s.avg_gap_pct}% (${s.avg_gap_pct_at_bks_vehicles ?? "–"}% at BKS fleet)`,
  );
  const p = result.product;
  parts.push(`product day: ${p.placed}/${p.jobs} placed in ${p.seconds} s, loop p99 ${p.event_loop_p99_ms} ms`);
  return `vrptw ${result.params.seconds} s/instance: ${parts.join(" | ")} (load ${result.machine.loadavg_start.join(" ")})`;
}
