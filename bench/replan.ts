import os from "node:os";
import { performance } from "node:perf_hooks";
import { plannedDay } from "../lib/domain/board/day-fixture";
import {
  acceptanceChanges,
  buildPlanningProblem,
  proposalFromSolution,
  type BoardProposal,
  type PlanningProblem,
} from "../lib/domain/board/proposals";
import { buildReplanProblem, keepPlannedStarts, REPLAN_OBJECTIVE } from "../lib/domain/board/replan";
import { MINUTE_MS, toInstant } from "../lib/domain/board/time";
import type { BoardSnapshot } from "../lib/domain/board/types";
import { createWarmOptimizer, type WarmOptimizer } from "../server/services/dispatch/optimizer";
import { PROPOSAL_TIME_LIMIT_MS, REPLAN_TIME_LIMIT_MS } from "../server/services/dispatch/propose-plan";
import { machine, summarize } from "./lib/stats";

/**
 * `npm run bench -- replan`: issue 17's "re-plan during the day" at full volume. A 40-technician,
 * 300-job day (lib/domain/board/day-fixture.ts), planned in the morning and advanced to 12:30;
 * then a job is cancelled, one is added and one technician runs an hour late. The re-plan (scope
 * `replan`: problem built on this thread, solved on the optimizer's warm worker with its budget
 * and objective, as the collab server does, turned into a proposal) is timed end to end, BENCH_REPLAN_RUNS times (default 5,
 * seeds 1..n), beside the same board planned again from scratch (scope `all`, 5 s), which
 * says how much a plan that ignores the live one would move.
 */
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function runs(): number {
  const raw = process.env.BENCH_REPLAN_RUNS;
  const value = raw === undefined || raw === "" ? 5 : Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`BENCH_REPLAN_RUNS must be a positive whole number, got "${raw}"`);
  return value;
}

/** The afternoon's news: one job cancelled, one added, one technician an hour behind on site. */
function afternoon(seed: number): { board: BoardSnapshot; nowMs: number } {
  const { board, nowMs } = plannedDay({ techs: 40, jobs: 300, seed: 16 + seed, iterations: 300 });
  const jobs = Object.fromEntries(Object.entries(board.jobs).map(([id, j]) => [id, { ...j }]));
  const assigned = Object.values(jobs).filter((j) => j.status === "assigned");
  assigned[0]!.status = "cancelled";
  const onSite = Object.values(jobs).find((j) => j.status === "on_site");
  if (onSite) onSite.durationMin += 60;
  const near = assigned[1]!;
  jobs.added = {
    ...near,
    id: "added",
    title: "Ajouté / added",
    status: "unassigned",
    techId: null,
    start: null,
    lat: near.lat + 0.01,
    windowStart: toInstant(nowMs + 30 * MINUTE_MS),
    windowEnd: toInstant(nowMs + 240 * MINUTE_MS),
  };
  return { board: { ...board, jobs }, nowMs };
}

interface Outcome {
  wall_ms: number;
  build_ms: number;
  jobs_in_scope: number;
  unplaced: number;
  /** Jobs assigned in the live plan that the proposal gives to another technician. */
  moved: number;
  /** Job edits accepting the whole proposal would make (technician or start). */
  changes: number;
  iterations: number;
}

async function propose(
  optimizer: WarmOptimizer,
  board: BoardSnapshot,
  nowMs: number,
  seed: number,
  replan: boolean,
): Promise<Outcome> {
  // As on the server, whose spare worker starts when a board is opened, long before a re-plan.
  await optimizer.ready();
  const started = performance.now();
  const planning: PlanningProblem = replan
    ? buildReplanProblem(board, nowMs, {})
    : buildPlanningProblem(board, "all", nowMs);
  const built = performance.now();
  const result = await optimizer.optimize({
    problem: planning.problem,
    timeLimitMs: replan ? REPLAN_TIME_LIMIT_MS : PROPOSAL_TIME_LIMIT_MS,
    seed,
    ...(replan ? { objective: REPLAN_OBJECTIVE } : {}),
  });
  const content = proposalFromSolution(board, planning, replan ? keepPlannedStarts(board, planning, result) : result);
  const wall = performance.now() - started;
  const proposal: BoardProposal = {
    id: "bench",
    author: "bench",
    authorName: "bench",
    createdAt: toInstant(nowMs),
    scope: replan ? "replan" : "all",
    region: null,
    status: "open",
    ...content,
    acceptedTechs: [],
    decidedBy: null,
  };
  let moved = 0;
  for (const [techId, stops] of Object.entries(content.routes))
    for (const stop of stops) {
      const live = board.jobs[stop.jobId]!;
      if (live.status === "assigned" && live.techId !== null && live.techId !== techId) moved++;
    }
  return {
    wall_ms: round(wall),
    build_ms: round(built - started),
    jobs_in_scope: planning.jobIds.length,
    unplaced: content.unplaced.length,
    moved,
    changes: acceptanceChanges(board, proposal).length,
    iterations: result.iterations,
  };
}

function aggregate(outcomes: Outcome[]) {
  const wall = summarize(outcomes.map((o) => o.wall_ms));
  const mean = (key: keyof Outcome) => round(outcomes.reduce((s, o) => s + o[key], 0) / outcomes.length);
  return {
    wall_p50_ms: wall.p50_ms,
    wall_max_ms: round(Math.max(...outcomes.map((o) => o.wall_ms))),
    build_ms: mean("build_ms"),
    jobs_in_scope: mean("jobs_in_scope"),
    unplaced: mean("unplaced"),
    moved: mean("moved"),
    changes: mean("changes"),
    iterations: mean("iterations"),
    runs: outcomes,
  };
}

export async function runReplanBench() {
  const n = runs();
  const loadStart = os.loadavg().map((l) => round(l, 2));
  const replans: Outcome[] = [];
  const scratch: Outcome[] = [];
  const optimizer = createWarmOptimizer();
  optimizer.warm();
  for (let seed = 1; seed <= n; seed++) {
    const { board, nowMs } = afternoon(seed);
    replans.push(await propose(optimizer, board, nowMs, seed, true));
    scratch.push(await propose(optimizer, board, nowMs, seed, false));
    const [r, s] = [replans.at(-1)!, scratch.at(-1)!];
    console.log(
      `  day ${seed}: re-plan ${r.wall_ms} ms, ${r.moved} moved, ${r.changes} changes, ${r.unplaced} unplaced | from scratch ${s.wall_ms} ms, ${s.moved} moved, ${s.changes} changes, ${s.unplaced} unplaced`,
    );
  }
  await optimizer.close();
  const project = aggregate(replans);
  return {
    name: "replan",
    at: new Date().toISOString(),
    machine: { ...machine(), loadavg_start: loadStart, loadavg_end: os.loadavg().map((l) => round(l, 2)) },
    params: { technicians: 40, jobs: 300, now: "12:30", runs: n, budget_ms: REPLAN_TIME_LIMIT_MS },
    project,
    baseline: { what: "the same board planned again from scratch (scope all, 5 s budget)", ...aggregate(scratch) },
    target: { wall_ms_max: 1_000, met: project.wall_max_ms <= 1_000 },
  };
}

export function summary(result: Awaited<ReturnType<typeof runReplanBench>>): string {
  const p = result.project;
  const b = result.baseline;
  return `replan 40×300 at 12:30: p50 ${p.wall_p50_ms} ms, max ${p.wall_max_ms} ms (target ≤ 1000: ${result.target.met ? "met" : "missed"}), ${p.moved} jobs moved, ${p.changes} changes, ${p.unplaced} unplaced | from scratch: ${b.wall_p50_ms} ms, ${b.moved} moved, ${b.changes} changes, ${b.unplaced} unplaced`;
}
