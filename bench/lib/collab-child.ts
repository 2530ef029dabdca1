import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pinnedSpawn } from "./ramp";

/** The benchmark's side of collab-server-process.ts: start, ask, stop (always, also on error). */
export type ChildRequest = {
  type: "documents" | "memory" | "loop" | "idle" | "solve-start" | "solve-stop" | "cpu";
  id: number;
};
export type ChildReply =
  | { type: "ready"; port: number; rssMb: number }
  | { type: "documents"; id: number; names: string[] }
  | { type: "memory"; id: number; rssMb: number; peakRssMb: number }
  | { type: "loop"; id: number; p50Ms: number; p99Ms: number; maxMs: number }
  | { type: "idle"; id: number }
  | { type: "solve-start"; id: number }
  | { type: "solve-stop"; id: number; solves: number; solveSeconds: number[]; error: string | null }
  | { type: "cpu"; id: number; cpuS: number; log: LogAppends | null }
  | { type: "final"; peakRssMb: number };

/** The project's update log: rows appended and the round trips (INSERTs) that held them (group commit). */
export interface LogAppends {
  rows: number;
  writes: number;
  largestBatch: number;
}

export interface ServerChild {
  port: number;
  startRssMb: number;
  documents(): Promise<string[]>;
  memory(): Promise<{ rssMb: number; peakRssMb: number }>;
  /** The server's event-loop delay since the last call (resolution 10 ms), then resets it. */
  loopDelay(): Promise<{ p50Ms: number; p99Ms: number; maxMs: number }>;
  /** CPU seconds (user + system) the server process has used so far, and its log appends (project only). */
  cpu(): Promise<{ cpuS: number; log: LogAppends | null }>;
  /** Resolves once the server has no background work left (the board extension's idle()). */
  idle(): Promise<void>;
  /**
   * Starts route optimizer solves in the server process (the product-shaped 40-technician,
   * 300-job day, 5 s each, in the worker thread a proposal uses), back to back until stopped.
   */
  startSolving(): Promise<void>;
  /** Stops after the solve under way; how many ran and how long each took. */
  stopSolving(): Promise<{ solves: number; solveSeconds: number[]; error: string | null }>;
  /** SIGTERM, then the peak RSS it reports; SIGKILL when it does not exit in time. */
  stop(): Promise<{ peakRssMb: number | null }>;
}

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), "collab-server-process.ts");
const running = new Set<ChildProcess>();
// Whatever happens to the benchmark, no server process outlives it.
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export async function startServerChild(
  mode: "project" | "relay",
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ServerChild> {
  // e.g. BENCH_COLLAB_NODE_ARGS="--cpu-prof --cpu-prof-dir=tmp/prof" to profile the servers.
  const nodeArgs = (process.env.BENCH_COLLAB_NODE_ARGS ?? "").split(" ").filter(Boolean);
  // `--cpus N` (BENCH_CPUS): the project and its relay get the same first N cores.
  // The project runs with the flags `npm start` gives the server (scripts/start.mjs).
  const serverArgs = mode === "project" ? ["--expose-gc", ...nodeArgs] : nodeArgs;
  const { command, args } = pinnedSpawn(process.execPath, [...serverArgs, "--import", "tsx", SCRIPT, mode]);
  const child = spawn(command, args, {
    cwd: process.cwd(),
    env: { ...process.env, ...env, PORT: "0" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  running.add(child);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      running.delete(child);
      resolve();
    }),
  );
  let nextId = 1;
  const waiting = new Map<number, (reply: ChildReply) => void>();
  let final: number | null = null;
  child.on("message", (message: ChildReply) => {
    if (message.type === "final") final = message.peakRssMb;
    else if (message.type !== "ready") waiting.get(message.id)?.(message);
  });

  const ready = await new Promise<Extract<ChildReply, { type: "ready" }>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${mode} server did not start within ${timeoutMs} ms`)), timeoutMs);
    child.on("message", (message: ChildReply) => {
      if (message.type === "ready") {
        clearTimeout(timer);
        resolve(message);
      }
    });
    void exit.then(() => {
      clearTimeout(timer);
      reject(new Error(`${mode} server exited before it was ready (status ${child.exitCode})`));
    });
  }).catch((error: unknown) => {
    child.kill("SIGKILL");
    throw error;
  });

  function ask<T extends ChildReply>(type: ChildRequest["type"]): Promise<T> {
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      if (exited) return reject(new Error(`${mode} server has exited`));
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`${mode} server did not answer "${type}"`));
      }, 60_000);
      waiting.set(id, (message) => {
        clearTimeout(timer);
        waiting.delete(id);
        resolve(message as T);
      });
      child.send({ type, id } satisfies ChildRequest);
    });
  }

  return {
    port: ready.port,
    startRssMb: ready.rssMb,
    documents: () => ask<Extract<ChildReply, { type: "documents" }>>("documents").then((r) => r.names),
    memory: () =>
      ask<Extract<ChildReply, { type: "memory" }>>("memory").then(({ rssMb, peakRssMb }) => ({ rssMb, peakRssMb })),
    idle: () => ask("idle").then(() => undefined),
    cpu: () => ask<Extract<ChildReply, { type: "cpu" }>>("cpu").then(({ cpuS, log }) => ({ cpuS, log })),
    startSolving: () => ask("solve-start").then(() => undefined),
    stopSolving: () =>
      ask<Extract<ChildReply, { type: "solve-stop" }>>("solve-stop").then(({ solves, solveSeconds, error }) => ({
        solves,
        solveSeconds,
        error,
      })),
    loopDelay: () =>
      ask<Extract<ChildReply, { type: "loop" }>>("loop").then(({ p50Ms, p99Ms, maxMs }) => ({ p50Ms, p99Ms, maxMs })),
    async stop() {
      if (!exited) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        await exit;
        clearTimeout(timer);
      }
      return { peakRssMb: final };
    },
  };
}
