/**
 * Worker-thread entry of the route optimizer: the solve is seconds of pure CPU, which on the
 * server's own thread would freeze the board and every request. It reads the problem from
 * workerData, watches a shared stop flag (the main thread cannot message a busy loop), and
 * posts back the best solution found.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { VrpJob, VrpVehicle } from "../../../lib/domain/vrptw/model";
import { solve, type SolveOptions } from "../../../lib/domain/vrptw/solver";
import { fromDense, type DenseMatrix } from "../../../lib/domain/vrptw/travel-matrix";

export interface OptimizerWorkerData {
  jobs: VrpJob[];
  vehicles: VrpVehicle[];
  matrix: DenseMatrix;
  options: Pick<SolveOptions, "seed" | "iterations" | "minimiseRoutes" | "movePenalty" | "temperature">;
  /** Epoch ms: the budget counts from the request, worker start-up included. */
  deadline: number;
  /** Int32Array over a SharedArrayBuffer; 1 means stop. */
  stop: SharedArrayBuffer;
}

export type OptimizerWorkerMessage = { ok: true; result: ReturnType<typeof solve> } | { ok: false; message: string };

const data = workerData as OptimizerWorkerData;
const stop = new Int32Array(data.stop);
let message: OptimizerWorkerMessage;
try {
  const result = solve(
    { jobs: data.jobs, vehicles: data.vehicles, matrix: fromDense(data.matrix) },
    {
      ...data.options,
      timeLimitMs: Math.max(0, data.deadline - Date.now()),
      shouldStop: () => Atomics.load(stop, 0) === 1,
    },
  );
  message = { ok: true, result };
} catch (error) {
  message = { ok: false, message: error instanceof Error ? error.message : String(error) };
}
parentPort!.postMessage(message);
