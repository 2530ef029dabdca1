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
import type { DeliveryTracker, ReceptionLog } from "./gps-deliveries";
import { pinnedSpawn } from "./ramp";

const here = path.dirname(fileURLToPath(import.meta.url));
const CLOCK_TICKS = 100;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * The monotonic clock in ms (CLOCK_MONOTONIC, the same in every process of the machine): one clock
 * for the benchmark and its sender processes. performance.timeOrigin differs by ~10 ms between processes.
 */
export const epochNow = () => Number(process.hrtime.bigint()) / 1e6;

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

/**
 * Dispatchers stay connected across steps. While the fleet runs they note receptions in `log`
 * (the tracker cannot know the senders' fixes yet); while a step settles they tell its `tracker`.
 */
export interface Dispatchers {
  log: ReceptionLog | null;
  tracker: DeliveryTracker | null;
  close(): void;
}

function noteReception(group: Dispatchers, dispatcher: number, technician: number, fixMs: number, at: number) {
  if (group.log) group.log.add(dispatcher, technician, fixMs, at);
  else group.tracker?.received(dispatcher, technician, fixMs, at);
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
  const group: Dispatchers = { log: null, tracker: null, close: () => sockets.forEach((s) => s.disconnect()) };
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
      const now = epochNow();
      for (const event of events) {
        const index = indexOf(event.technicianId);
        if (index !== undefined) noteReception(group, d, index, Date.parse(event.fixTime), now);
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
  const group: Dispatchers = { log: null, tracker: null, close: () => sockets.forEach((s) => s.close()) };
  for (let d = 0; d < dispatchers; d++) {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    await new Promise((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
    socket.on("message", (data: Buffer) => {
      const event = JSON.parse(data.toString("utf8")) as { technicianId: number; fixTime: string };
      noteReception(group, d, event.technicianId - 1, Date.parse(event.fixTime), epochNow());
    });
    sockets.push(socket);
  }
  return group;
}
