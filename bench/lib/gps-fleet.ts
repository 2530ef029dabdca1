/**
 * The GPS benchmark's fleet: BENCH_GPS_SENDERS processes (default 2, gps-fleet-child.ts) post the
 * technicians' fixes, so the load generator measures the servers rather than its own event loop.
 * The dispatchers stay in the benchmark's process and note what they receive (ReceptionLog); once
 * the senders report what they sent, the step's DeliveryTracker replays both.
 */
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SenderResult, SenderRun } from "./gps-fleet-child";
import { epochNow } from "./gps-load";

const here = path.dirname(fileURLToPath(import.meta.url));

export interface FleetLoad {
  port: number;
  /** Technicians posting in this step: the first `techs` of the fleet. */
  techs: number;
  seconds: number;
  warmupSeconds: number;
  tokens: string[];
  deviceIds: string[];
}

export interface SentFixes {
  results: SenderResult[];
  /** CPU seconds of all senders during the measured window. */
  cpuS: number;
  /** The worst sender's event-loop delay p99 (ms). */
  loopP99Ms: number;
}

export interface FleetSenders {
  readonly count: number;
  /** Runs one step on every sender; resolves once every request was answered or failed. */
  run(load: FleetLoad): Promise<SentFixes>;
  stop(): Promise<void>;
}

function positiveIntFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

export async function startFleetSenders(): Promise<FleetSenders> {
  const count = positiveIntFromEnv("BENCH_GPS_SENDERS", 2);
  // About one connection per technician, as a fleet of trackers each keeping its own: a server slow
  // to answer holds them open, but requests never open connections without bound.
  const maxSockets = positiveIntFromEnv("BENCH_GPS_SENDER_SOCKETS", 1024);
  const children: ChildProcess[] = [];
  for (let part = 0; part < count; part++) {
    const child = fork(path.join(here, "gps-fleet-child.ts"), [], {
      execArgv: ["--import", "tsx"],
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      env: {
        ...process.env,
        GPS_SENDER_PART: String(part),
        GPS_SENDER_PARTS: String(count),
        GPS_SENDER_MAX_SOCKETS: String(maxSockets),
      },
    });
    children.push(child);
  }
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve, reject) => {
          child.once("message", () => resolve());
          child.once("exit", (code) => reject(new Error(`a gps sender exited with ${code}`)));
        }),
    ),
  );
  return {
    count,
    async run(load) {
      // A shared start a little ahead, so every sender begins on the same schedule.
      const message: SenderRun = { type: "run", ...load, startAt: epochNow() + 300 };
      const results = await Promise.all(
        children.map(
          (child) =>
            new Promise<SenderResult>((resolve, reject) => {
              const onExit = (code: number | null) => reject(new Error(`a gps sender exited with ${code}`));
              child.once("exit", onExit);
              child.once("message", (result: SenderResult) => {
                child.off("exit", onExit);
                resolve(result);
              });
              child.send(message);
            }),
        ),
      );
      return {
        results,
        cpuS: results.reduce((sum, r) => sum + r.cpuS, 0),
        loopP99Ms: Math.max(...results.map((r) => r.loopP99Ms)),
      };
    },
    async stop() {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve();
              child.once("exit", () => resolve());
              child.send({ type: "stop" });
              setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
            }),
        ),
      );
    },
  };
}
