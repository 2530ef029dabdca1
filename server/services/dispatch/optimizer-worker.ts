/**
 * Worker-thread entry of the route optimizer: the solve is seconds of pure CPU, which on the
 * server's own thread would freeze the board and every request. It reads the problem from
 * workerData (or, warm, from each message), watches a shared stop flag (the main thread cannot
 * message a busy loop), and posts back the best solution found.
 */
import { constants, setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import type { VrpJob, VrpVehicle } from "../../../lib/domain/vrptw/model";
import { solve, type SolveOptions } from "../../../lib/domain/vrptw/solver";
import { fromDense, type DenseMatrix } from "../../../lib/domain/vrptw/travel-matrix";
import { stoppedByOf } from "./optimizer-stop-flag";

export interface OptimizerWorkerData {
  jobs: VrpJob[];
  vehicles: VrpVehicle[];
  matrix: DenseMatrix;
  options: Pick<SolveOptions, "seed" | "iterations" | "minimiseRoutes" | "movePenalty" | "temperature">;
  /** Epoch ms: the budget counts from the request, worker start-up included. */
  deadline: number;
  /** Int32Array over a SharedArrayBuffer: see optimizer-stop-flag.ts. */
  stop: SharedArrayBuffer;
}

export type OptimizerWorkerMessage =
  | { ok: true; result: ReturnType<typeof solve> }
  | { ok: false; message: string }
  /** A warm worker has loaded the solver and waits for problems. */
  | { ready: true };

/**
 * The solver yields the core to the server's own thread. On Linux the nice value belongs to a
 * thread, and setPriority with no pid changes only the calling one: board edits and requests win
 * a core whenever both want it, and the solver still gets every idle cycle. (Elsewhere the same
 * call would lower the whole server, so it is Linux only.) Not permitted: it runs at normal priority.
 */
export function yieldToServerThread(): boolean {
  if (process.platform !== "linux") return false;
  try {
    setPriority(constants.priority.PRIORITY_LOW);
    return true;
  } catch {
    return false;
  }
}
yieldToServerThread();

function run(data: OptimizerWorkerData): OptimizerWorkerMessage {
  const stop = new Int32Array(data.stop);
  try {
    const result = solve(
      { jobs: data.jobs, vehicles: data.vehicles, matrix: fromDense(data.matrix) },
      {
        ...data.options,
        timeLimitMs: Math.max(0, data.deadline - Date.now()),
        shouldStop: () => Atomics.load(stop, 0) !== 0,
      },
    );
    return { ok: true, result: { ...result, stoppedBy: stoppedByOf(result.stoppedBy, Atomics.load(stop, 0)) } };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

// A warm worker (started ahead, reused) takes one problem per message; a one-off worker solves
// the problem it was started with.
if ((workerData as { warm?: boolean } | null)?.warm === true) {
  parentPort!.on("message", (data: OptimizerWorkerData) => parentPort!.postMessage(run(data)));
  parentPort!.postMessage({ ready: true } satisfies OptimizerWorkerMessage);
} else parentPort!.postMessage(run(workerData as OptimizerWorkerData));
