/**
 * The GPS benchmark's moving parts: the two servers (pinned alike with --cpus), the dispatchers
 * that follow them, and the fleet that posts fixes. bench/gps.ts runs them step by step.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { io as connect, type Socket } from "socket.io-client";
import { REALTIME_PATH, type ClientToServerEvents, type ServerToClientEvents } from "../../server/realtime/events";
import type { TechnicianPositionEvent } from "../../lib/schemas/gps";
import type { DeliveryTracker } from "./gps-deliveries";
import { pinnedSpawn } from "./ramp";

const here = path.dirname(fileURLToPath(import.meta.url));
const CLOCK_TICKS = 100;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** utime + stime of a process, in seconds (Linux /proc; the kernel's USER_HZ is 100 here). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** This process's CPU seconds: the load generator and the dispatchers share it, and can be the limit. */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

export interface Child {
  process: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`no answer from ${url} within ${timeoutMs} ms`);
    await sleep(250);
  }
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([exited, sleep(10_000)]);
    if (child.exitCode === null) child.kill("SIGKILL");
  };
}

/**
 * server/main.ts on the production build; `taskset` execs node, so the pid is the server's.
 * BENCH_GPS_SERVER_DIR runs another checkout's server (built, same schema) under the same load,
 * to compare a change with the commit before it in one run of the same harness.
 */
export async function startProjectServer(env: Record<string, string>): Promise<Child> {
  const port = 20_000 + (process.pid % 20_000);
  // e.g. BENCH_GPS_NODE_ARGS="--cpu-prof --cpu-prof-dir=tmp/prof" to profile the server.
  const nodeArgs = (process.env.BENCH_GPS_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const { command, args } = pinnedSpawn(process.execPath, [...nodeArgs, "--import", "tsx", "server/main.ts"]);
  const child = spawn(command, args, {
    cwd: process.env.BENCH_GPS_SERVER_DIR || process.cwd(),
    env: { ...process.env, ...env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", AUTO_SEED: "0" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitForHttp(`http://127.0.0.1:${port}/sign-in`, child, 120_000);
  return { process: child, port, stop: stopper(child) };
}

export async function startBaselineServer(): Promise<Child> {
  const { command, args } = pinnedSpawn(process.execPath, [
    "--import",
    "tsx",
    path.join(here, "gps-baseline-server.ts"),
  ]);
  const child = spawn(command, args, { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m: { port: number }) => resolve(m.port));
    child.once("exit", (code) => reject(new Error(`baseline server exited with ${code}`)));
  });
  return { process: child, port, stop: stopper(child) };
}

/** Dispatchers stay connected across steps; each step points them at its own tracker. */
export interface Dispatchers {
  tracker: DeliveryTracker | null;
  close(): void;
}

/** `dispatchers` Socket.IO clients on the day's board; `indexOf` maps a technician id to its fleet index. */
export async function projectDispatchers(
  port: number,
  dispatchers: number,
  token: string,
  date: string,
  indexOf: (technicianId: number) => number | undefined,
): Promise<Dispatchers> {
  const sockets: Array<Socket<ServerToClientEvents, ClientToServerEvents>> = [];
  const group: Dispatchers = { tracker: null, close: () => sockets.forEach((s) => s.disconnect()) };
  for (let d = 0; d < dispatchers; d++) {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(`http://127.0.0.1:${port}`, {
      path: REALTIME_PATH,
      transports: ["websocket"],
      auth: { token },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    const ack = await socket.emitWithAck("subscribe:board", { date });
    if (!ack.ok) throw new Error(`subscribe failed: ${ack.error}`);
    const receive = (events: TechnicianPositionEvent[]) => {
      const now = performance.now();
      for (const event of events) {
        const index = indexOf(event.technicianId);
        if (index !== undefined) group.tracker?.received(d, index, Date.parse(event.fixTime), now);
      }
    };
    socket.on("positions", receive);
    // Servers before latest wins (BENCH_GPS_SERVER_DIR on an older commit) sent one `position` per fix.
    (socket as unknown as Socket<{ position: (event: TechnicianPositionEvent) => void }>).on("position", (event) =>
      receive([event]),
    );
    sockets.push(socket);
  }
  return group;
}

/** `dispatchers` bare WebSocket clients of the relay, which names technicians by their device number. */
export async function baselineDispatchers(port: number, dispatchers: number): Promise<Dispatchers> {
  const sockets: WebSocket[] = [];
  const group: Dispatchers = { tracker: null, close: () => sockets.forEach((s) => s.close()) };
  for (let d = 0; d < dispatchers; d++) {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    await new Promise((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
    socket.on("message", (data: Buffer) => {
      const event = JSON.parse(data.toString("utf8")) as { technicianId: number; fixTime: string };
      group.tracker?.received(d, event.technicianId - 1, Date.parse(event.fixTime), performance.now());
    });
    sockets.push(socket);
  }
  return group;
}

export interface FleetLoad {
  port: number;
  /** Technicians posting in this step: the first `techs` of the fleet. */
  techs: number;
  seconds: number;
  warmupSeconds: number;
  tokens: string[];
  deviceIds: string[];
}

export interface FleetResult {
  sent: number;
  /** Answers other than 200, 503 push-backs included: not accepted, the tracker would send again. */
  failed: number;
  /** 503 answers with Retry-After: the server pushing back, nothing accepted. */
  refused: number;
}

/**
 * Sends one fix per technician per second, spread evenly; every acknowledged fix is told to the
 * tracker and its key (`deviceId|fix ms`) pushed to `acknowledged`, for the storage check.
 */
export async function driveFleet(
  load: FleetLoad,
  tracker: DeliveryTracker,
  measuring: () => boolean,
  acknowledged: string[],
): Promise<FleetResult> {
  const total = load.seconds + load.warmupSeconds;
  const interval = 1000 / load.techs;
  const started = performance.now();
  const result: FleetResult = { sent: 0, failed: 0, refused: 0 };
  const inFlight = new Set<Promise<void>>();
  const lastFixMs = new Float64Array(load.techs);
  for (let n = 0; n < total * load.techs; n++) {
    const due = started + n * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const i = n % load.techs;
    // Whole milliseconds, a fix's own time: each is unique per device and matched on arrival.
    const fixMs = Math.max(Date.now(), lastFixMs[i]! + 1);
    lastFixMs[i] = fixMs;
    const handle = tracker.sent(i, fixMs, performance.now(), measuring());
    const query = new URLSearchParams({
      id: load.deviceIds[i]!,
      token: load.tokens[i]!,
      lat: (45.3 + (i % 50) * 0.01 + n * 1e-7).toFixed(7),
      lon: "-72.7",
      timestamp: String(fixMs),
      speed: "20",
      bearing: "90",
    });
    const request = fetch(`http://127.0.0.1:${load.port}/api/gps/osmand?${query}`)
      .then(
        async (response) => {
          await response.arrayBuffer();
          if (response.ok) {
            tracker.accepted(i, handle);
            acknowledged.push(`${load.deviceIds[i]}|${fixMs}`);
          } else {
            result.failed++;
            if (response.status === 503) result.refused++;
          }
        },
        () => {
          result.failed++;
        },
      )
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
    result.sent++;
  }
  await Promise.all(inFlight);
  return result;
}
