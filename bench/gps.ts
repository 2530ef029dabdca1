import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import WebSocket from "ws";
import { io as connect, type Socket } from "socket.io-client";
import { eq } from "drizzle-orm";
import { localDate } from "../lib/domain/quebec-dates";
import { signCollabToken } from "../server/collab/tokens";
import { openDatabase } from "../server/db/client";
import { migrateDatabase } from "../server/db/migrate";
import { dispatchTechnicians, staffUsers } from "../server/db/schema";
import { REALTIME_PATH, type ClientToServerEvents, type ServerToClientEvents } from "../server/realtime/events";
import { seedDatabase } from "../server/seed";
import { provisioningToken } from "../server/services/gps/devices";
import { buildIfNeeded } from "../scripts/lib/build-if-needed.mjs";
import { machine, summarize } from "./lib/stats";

/**
 * `npm run bench -- gps`: BENCH_GPS_TECHS (default 500) technicians posting one OsmAnd fix per
 * second each to the real server (server/main.ts on the production build, PostgreSQL), while
 * BENCH_GPS_DISPATCHERS (default 50) Socket.IO clients follow the day's board, for
 * BENCH_SECONDS (default 60; 5 s of warm-up first). Reports fix-to-dispatcher latency (from
 * sending the fix to each dispatcher receiving it) and the server process's CPU seconds over
 * the measured window, beside a bare ws server that broadcasts the same messages.
 */
function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const CLOCK_TICKS = 100;
const round = (n: number) => Math.round(n * 100) / 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** utime + stime of a process, in seconds (Linux /proc; the kernel's USER_HZ is 100 here). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

interface Child {
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

async function startProjectServer(env: Record<string, string>): Promise<Child> {
  const port = 20_000 + (process.pid % 20_000);
  // e.g. BENCH_GPS_NODE_ARGS="--cpu-prof --cpu-prof-dir=tmp/prof" to profile the server.
  const nodeArgs = (process.env.BENCH_GPS_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "server/main.ts"], {
    env: { ...process.env, ...env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", AUTO_SEED: "0" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitForHttp(`http://127.0.0.1:${port}/sign-in`, child, 120_000);
  return { process: child, port, stop: stopper(child) };
}

async function startBaselineServer(): Promise<Child> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "lib/gps-baseline-server.ts")], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m: { port: number }) => resolve(m.port));
    child.once("exit", (code) => reject(new Error(`baseline server exited with ${code}`)));
  });
  return { process: child, port, stop: stopper(child) };
}

interface LoadOptions {
  port: number;
  techs: number;
  seconds: number;
  warmupSeconds: number;
  tokens: string[];
  deviceIds: string[];
}

/** Sends one fix per technician per second, spread evenly; records when each was sent. */
async function driveFixes(
  options: LoadOptions,
  sentAt: Map<string, number>,
  measuring: () => boolean,
): Promise<{ sent: number; failed: number }> {
  const total = options.seconds + options.warmupSeconds;
  const interval = 1000 / options.techs;
  const started = performance.now();
  let sent = 0;
  let failed = 0;
  const inFlight = new Set<Promise<void>>();
  for (let n = 0; n < total * options.techs; n++) {
    const due = started + n * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const i = n % options.techs;
    const now = Date.now();
    // Millisecond timestamps make each fix unique, so its arrival can be matched.
    const timestamp = (now / 1000).toFixed(3);
    const key = `${options.deviceIds[i]}|${new Date(Number(timestamp) * 1000).toISOString()}`;
    if (measuring()) sentAt.set(key, performance.now());
    const lat = 45.3 + (i % 50) * 0.01 + n * 1e-7;
    const query = new URLSearchParams({
      id: options.deviceIds[i]!,
      token: options.tokens[i]!,
      lat: lat.toFixed(7),
      lon: "-72.7",
      timestamp,
      speed: "20",
      bearing: "90",
    });
    const request = fetch(`http://127.0.0.1:${options.port}/api/gps/osmand?${query}`)
      .then(
        async (response) => {
          await response.arrayBuffer();
          if (!response.ok) failed++;
        },
        () => {
          failed++;
        },
      )
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
    sent++;
  }
  await Promise.all(inFlight);
  return { sent, failed };
}

async function runOne(
  label: string,
  port: number,
  pid: number,
  dispatchers: number,
  options: Omit<LoadOptions, "port">,
  subscribe: (onEvent: (technicianKey: string, fixTime: string) => void) => Promise<() => void>,
) {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let measuring = false;
  const close = await subscribe((deviceId, fixTime) => {
    const started = sentAt.get(`${deviceId}|${fixTime}`);
    if (started !== undefined) latencies.push(performance.now() - started);
  });
  console.log(
    `${label}: ${options.techs} technicians at 1 Hz for ${options.seconds} s (+${options.warmupSeconds} s warm-up)…`,
  );
  let cpuStart = 0;
  const warmup = setTimeout(() => {
    measuring = true;
    cpuStart = cpuSeconds(pid);
  }, options.warmupSeconds * 1000);
  const load = await driveFixes({ ...options, port }, sentAt, () => measuring);
  clearTimeout(warmup);
  const cpu = cpuSeconds(pid) - cpuStart;
  await sleep(2000);
  close();
  const expected = sentAt.size * dispatchers;
  return {
    ...summarize(latencies),
    cpu_s: round(cpu),
    fixes_sent: load.sent,
    fixes_failed: load.failed,
    deliveries: latencies.length,
    deliveries_missing: Math.max(0, expected - latencies.length),
  };
}

export async function runGpsBench() {
  const techs = positiveInt("BENCH_GPS_TECHS", 500);
  const dispatchers = positiveInt("BENCH_GPS_DISPATCHERS", 50);
  const seconds = positiveInt("BENCH_SECONDS", 60);
  const warmupSeconds = 5;
  const adminUrl =
    process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const dbName = `bench_gps_${process.pid}`;
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const authSecret = randomBytes(32).toString("base64");
  const encryptionKey = randomBytes(32).toString("hex");
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };

  buildIfNeeded();
  await admin(`create database ${dbName}`);
  let project: Child | null = null;
  let baseline: Child | null = null;
  try {
    const handle = await openDatabase({ url: url.toString() });
    const deviceIds = Array.from({ length: techs }, (_, i) => `BENCH-${String(i + 1).padStart(4, "0")}`);
    let dispatcherToken: string;
    const deviceOfTechnician = new Map<number, string>();
    try {
      await migrateDatabase(handle);
      await seedDatabase(handle, {
        scale: "demo",
        today: new Date(),
        reset: false,
        encryptionKey: Buffer.from(encryptionKey, "hex"),
      });
      const inserted = await handle.db
        .insert(dispatchTechnicians)
        .values(
          deviceIds.map((id, i) => ({
            name: `Bench ${i + 1}`,
            color: "#336699",
            homeLat: 45.3,
            homeLng: -72.7,
            gpsDeviceId: id,
          })),
        )
        .returning({ id: dispatchTechnicians.id, deviceId: dispatchTechnicians.gpsDeviceId });
      for (const row of inserted) deviceOfTechnician.set(row.id, row.deviceId!);
      const [dispatcher] = await handle.db
        .select()
        .from(staffUsers)
        .where(eq(staffUsers.email, "dispatcher@demo.test"));
      dispatcherToken = signCollabToken(dispatcher!.id, authSecret, Date.now(), 4 * 3600);
    } finally {
      await handle.close();
    }
    const tokens = deviceIds.map((id) => provisioningToken(id, authSecret));
    const date = localDate(new Date());

    project = await startProjectServer({
      DATABASE_URL: url.toString(),
      AUTH_SECRET: authSecret,
      APP_ENCRYPTION_KEY: encryptionKey,
      DATA_DIR: path.join(process.cwd(), ".data", "bench-gps"),
    });
    const projectPort = project.port;
    const projectResult = await runOne(
      "project",
      projectPort,
      project.process.pid!,
      dispatchers,
      { techs, seconds, warmupSeconds, tokens, deviceIds },
      async (onEvent) => {
        const sockets: Array<Socket<ServerToClientEvents, ClientToServerEvents>> = [];
        for (let d = 0; d < dispatchers; d++) {
          const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(
            `http://127.0.0.1:${projectPort}`,
            { path: REALTIME_PATH, transports: ["websocket"], auth: { token: dispatcherToken } },
          );
          await new Promise<void>((resolve, reject) => {
            socket.once("connect", () => resolve());
            socket.once("connect_error", reject);
          });
          const ack = await socket.emitWithAck("subscribe:board", { date });
          if (!ack.ok) throw new Error(`subscribe failed: ${ack.error}`);
          socket.on("position", (event) => onEvent(deviceOfTechnician.get(event.technicianId) ?? "", event.fixTime));
          sockets.push(socket);
        }
        return () => {
          for (const s of sockets) s.disconnect();
        };
      },
    );
    await project.stop();
    project = null;

    baseline = await startBaselineServer();
    const baselinePort = baseline.port;
    const baselineResult = await runOne(
      "baseline",
      baselinePort,
      baseline.process.pid!,
      dispatchers,
      { techs, seconds, warmupSeconds, tokens, deviceIds },
      async (onEvent) => {
        const sockets: WebSocket[] = [];
        for (let d = 0; d < dispatchers; d++) {
          const socket = new WebSocket(`ws://127.0.0.1:${baselinePort}/ws`);
          await new Promise((resolve, reject) => {
            socket.once("open", resolve);
            socket.once("error", reject);
          });
          socket.on("message", (data: Buffer) => {
            const event = JSON.parse(data.toString("utf8")) as { technicianId: number; fixTime: string };
            onEvent(deviceIds[event.technicianId - 1]!, event.fixTime);
          });
          sockets.push(socket);
        }
        return () => {
          for (const s of sockets) s.close();
        };
      },
    );

    return {
      name: "gps",
      at: new Date().toISOString(),
      machine: machine(),
      params: { technicians: techs, fixes_per_s_each: 1, dispatchers, seconds, warmup_s: warmupSeconds },
      project: {
        what: "server/main.ts (production build, PostgreSQL): OsmAnd endpoint → validate, authenticate, store, latest upsert → Socket.IO room",
        ...projectResult,
      },
      baseline: { what: "bare HTTP + ws server broadcasting the same message, no auth, no storage", ...baselineResult },
      ratios: {
        p95: round(projectResult.p95_ms / baselineResult.p95_ms),
        cpu: round(projectResult.cpu_s / baselineResult.cpu_s),
      },
    };
  } finally {
    await project?.stop();
    await baseline?.stop();
    await admin(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
  }
}

export function summary(result: Awaited<ReturnType<typeof runGpsBench>>): string {
  const { project: p, baseline: b, ratios } = result;
  return `gps: fix→dispatcher p50/p95/p99 ${p.p50_ms}/${p.p95_ms}/${p.p99_ms} ms vs baseline ${b.p50_ms}/${b.p95_ms}/${b.p99_ms} ms (p95 ${ratios.p95}×); server CPU ${p.cpu_s} s vs ${b.cpu_s} s (${ratios.cpu}×); missing deliveries ${p.deliveries_missing} vs ${b.deliveries_missing}`;
}
