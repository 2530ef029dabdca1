/**
 * Runs the route optimizer in a worker thread and hands back a promise. The budget is kept
 * three ways: the solver watches its own clock, the stop flag is raised at the deadline, and a
 * worker still busy after a grace period is terminated. An AbortSignal (the board's day closed,
 * the dispatcher cancelled) stops it the same way and rejects with the signal's reason.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { VrpProblem } from "../../../lib/domain/vrptw/model";
import type { SolveOptions, SolveResult } from "../../../lib/domain/vrptw/solver";
import { toDense } from "../../../lib/domain/vrptw/travel-matrix";
import type { OptimizerWorkerData, OptimizerWorkerMessage } from "./optimizer-worker";

/** tsx's ESM register API (its CommonJS twin cannot register ESM hooks on Node 20). */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url).resolve("tsx/package.json");
  const pkg = JSON.parse(readFileSync(manifest, "utf8")) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return pathToFileURL(path.join(path.dirname(manifest), pkg.exports["./esm/api"]!.import.default)).href;
}

export interface OptimizeRequest {
  problem: VrpProblem;
  timeLimitMs: number;
  seed?: number;
  /** Deterministic budget instead of time (tests, replays); the time limit still caps it. */
  iterations?: number;
  /** The objective's re-plan settings (keep the live plan; no route minimisation). */
  objective?: Pick<SolveOptions, "minimiseRoutes" | "movePenalty" | "temperature">;
  signal?: AbortSignal;
  /** How long past the deadline a worker may take to answer before it is terminated. */
  graceMs?: number;
}

const WORKER_URL = new URL("./optimizer-worker.ts", import.meta.url).href;
const TSX_API = tsxEsmApi();
/**
 * The worker is TypeScript. On Node 20 a worker does not inherit the parent's `--import tsx`
 * loader hooks, so a two-line bootstrap registers tsx inside the worker, then loads the entry.
 */
const BOOTSTRAP = `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL)}); });`;

export function optimizeInWorker(request: OptimizeRequest): Promise<SolveResult> {
  const { problem, timeLimitMs, signal } = request;
  const graceMs = request.graceMs ?? 2_000;
  if (signal?.aborted) return Promise.reject(signal.reason as Error);
  const stop = new SharedArrayBuffer(4);
  const data: OptimizerWorkerData = {
    jobs: problem.jobs,
    vehicles: problem.vehicles,
    matrix: toDense(problem.matrix),
    options: { seed: request.seed, iterations: request.iterations, ...request.objective },
    deadline: Date.now() + timeLimitMs,
    stop,
  };
  const worker = new Worker(BOOTSTRAP, { eval: true, workerData: data });
  const flag = new Int32Array(stop);
  return new Promise<SolveResult>((resolve, reject) => {
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      signal?.removeEventListener("abort", onAbort);
      fn();
    };
    const onAbort = () => {
      Atomics.store(flag, 0, 1);
      finish(() => reject(signal!.reason as Error));
      void worker.terminate();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    // The worker's own clock stops it at the deadline; the flag is the backstop.
    timers.push(setTimeout(() => Atomics.store(flag, 0, 1), timeLimitMs + 100));
    timers.push(
      setTimeout(() => {
        finish(() => reject(new Error(`the optimizer did not answer within ${timeLimitMs + graceMs} ms`)));
        void worker.terminate();
      }, timeLimitMs + graceMs),
    );
    worker.once("message", (message: OptimizerWorkerMessage) => {
      finish(() => (message.ok ? resolve(message.result) : reject(new Error(message.message))));
      void worker.terminate();
    });
    worker.once("error", (error) => finish(() => reject(error)));
    worker.once("exit", (code) => finish(() => reject(new Error(`the optimizer worker exited with code ${code}`))));
  });
}
