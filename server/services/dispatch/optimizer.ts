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
import { STOP_AT_DEADLINE, STOP_CANCELLED } from "./optimizer-stop-flag";

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

function requestData(request: OptimizeRequest): OptimizerWorkerData {
  const { problem } = request;
  return {
    jobs: problem.jobs,
    vehicles: problem.vehicles,
    matrix: toDense(problem.matrix),
    options: { seed: request.seed, iterations: request.iterations, ...request.objective },
    deadline: Date.now() + request.timeLimitMs,
    stop: new SharedArrayBuffer(4),
  };
}

/** Solves in a fresh worker thread, which ends with the answer. */
export function optimizeInWorker(request: OptimizeRequest): Promise<SolveResult> {
  if (request.signal?.aborted) return Promise.reject(request.signal.reason as Error);
  const data = requestData(request);
  const worker = new Worker(BOOTSTRAP, { eval: true, workerData: data });
  return solveOn(worker, data, request, false, () => void worker.terminate());
}

/**
 * Runs one solve on `worker` (posting the problem when the worker is warm) and calls `done`
 * once with whether the worker is idle and reusable (it answered) or must go (cancelled,
 * timed out, crashed: it may still be busy).
 */
function solveOn(
  worker: Worker,
  data: OptimizerWorkerData,
  request: OptimizeRequest,
  post: boolean,
  done: (reusable: boolean) => void,
): Promise<SolveResult> {
  const { timeLimitMs, signal } = request;
  const graceMs = request.graceMs ?? 2_000;
  const flag = new Int32Array(data.stop);
  return new Promise<SolveResult>((resolve, reject) => {
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (reusable: boolean, fn: () => void) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      signal?.removeEventListener("abort", onAbort);
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
      done(reusable);
      fn();
    };
    const onAbort = () => {
      Atomics.store(flag, 0, STOP_CANCELLED);
      finish(false, () => reject(signal!.reason as Error));
    };
    const onMessage = (message: OptimizerWorkerMessage) => {
      if ("ready" in message) return;
      finish(true, () => (message.ok ? resolve(message.result) : reject(new Error(message.message))));
    };
    const onError = (error: Error) => finish(false, () => reject(error));
    const onExit = (code: number) =>
      finish(false, () => reject(new Error(`the optimizer worker exited with code ${code}`)));
    signal?.addEventListener("abort", onAbort, { once: true });
    // The worker's own clock stops it at the deadline; the flag is the backstop.
    timers.push(setTimeout(() => Atomics.compareExchange(flag, 0, 0, STOP_AT_DEADLINE), timeLimitMs + 100));
    timers.push(
      setTimeout(
        () => finish(false, () => reject(new Error(`the optimizer did not answer within ${timeLimitMs + graceMs} ms`))),
        timeLimitMs + graceMs,
      ),
    );
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    if (post) worker.postMessage(data);
  });
}

export interface WarmOptimizer {
  optimize(request: OptimizeRequest): Promise<SolveResult>;
  /** Starts the spare worker now (a board was opened: a proposal may follow), if none is ready. */
  warm(): void;
  /** Resolves once the spare worker has loaded the solver (benchmarks wait for it). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** How long a spare worker waits for the next solve before it is let go (its heap goes with it). */
export const SPARE_WORKER_IDLE_MS = 10 * 60_000;

/**
 * The optimizer with a worker started ahead and reused: starting a worker costs its TypeScript
 * loader and the solver's modules (0.3 s on an idle machine, seconds on a loaded one), which a
 * re-plan's one-second answer cannot afford. One spare worker waits (unreferenced: it never
 * holds the process up); a solve takes it and gives it back when it answered. A cancelled or
 * timed-out solve terminates its worker and a new spare is started; two solves at once get a
 * fresh worker for the second. Nothing is started until `warm()` or the first solve, and a
 * spare left unused for `idleMs` is terminated (an idle worker holds some 27 MB of RSS): the
 * next solve starts one again.
 */
export function createWarmOptimizer(options: { idleMs?: number } = {}): WarmOptimizer {
  const idleMs = options.idleMs ?? SPARE_WORKER_IDLE_MS;
  let spare: Worker | null = null;
  let spareReady: Promise<void> = Promise.resolve();
  let closed = false;
  let idleTimer: NodeJS.Timeout | null = null;
  const stopIdleTimer = () => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
  };
  /** Lets the spare go once it has waited idleMs for a solve. */
  const startIdleTimer = () => {
    stopIdleTimer();
    idleTimer = setTimeout(() => {
      idleTimer = null;
      const idle = spare;
      spare = null;
      void idle?.terminate();
    }, idleMs);
    idleTimer.unref();
  };
  const start = () => {
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { warm: true } });
    worker.unref();
    spareReady = new Promise((resolve) => {
      const onReady = (message: OptimizerWorkerMessage) => {
        if ("ready" in message) {
          worker.off("message", onReady);
          resolve();
        }
      };
      worker.on("message", onReady);
      worker.once("exit", () => resolve());
    });
    // A spare that dies is simply forgotten; a solve on it listens for itself.
    worker.on("error", () => undefined);
    worker.on("exit", () => {
      if (spare === worker) spare = null;
    });
    return worker;
  };
  const warm = () => {
    if (closed) return;
    spare ??= start();
    startIdleTimer();
  };
  return {
    warm,
    ready: () => spareReady,
    optimize(request) {
      if (request.signal?.aborted) return Promise.reject(request.signal.reason as Error);
      if (closed) return optimizeInWorker(request);
      stopIdleTimer();
      const worker = spare ?? start();
      spare = null;
      worker.ref();
      return solveOn(worker, requestData(request), request, true, (reusable) => {
        worker.unref();
        if (reusable && !closed && !spare) spare = worker;
        else void worker.terminate();
        warm();
      });
    },
    async close() {
      closed = true;
      stopIdleTimer();
      const worker = spare;
      spare = null;
      await worker?.terminate();
    },
  };
}
