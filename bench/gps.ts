import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { eq } from "drizzle-orm";
import { localDate } from "../lib/domain/quebec-dates";
import { signCollabToken } from "../server/collab/tokens";
import { openDatabase } from "../server/db/client";
import { migrateDatabase } from "../server/db/migrate";
import { dispatchTechnicians, staffUsers } from "../server/db/schema";
import { seedDatabase } from "../server/seed";
import { provisioningToken } from "../server/services/gps/devices";
import { buildIfNeeded } from "../scripts/lib/build-if-needed.mjs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { DeliveryTracker, ReceptionLog } from "./lib/gps-deliveries";
import { startFleetSenders, type FleetSenders } from "./lib/gps-fleet";
import {
  baselineDispatchers,
  cpuSeconds,
  ownCpuSeconds,
  projectDispatchers,
  sleep,
  startBaselineServer,
  startProjectServer,
  type Child,
  type Dispatchers,
} from "./lib/gps-load";
import { pinnedCpus, saturationOf, SATURATION_P99_MS, type RampStep } from "./lib/ramp";
import { machine, summarize } from "./lib/stats";

/**
 * `npm run bench -- gps`: BENCH_GPS_TECHS (default 500) technicians posting one OsmAnd fix per
 * second each to the real server (server/main.ts on the production build, PostgreSQL), while
 * BENCH_GPS_DISPATCHERS (default 50) Socket.IO clients follow the day's board, for
 * BENCH_SECONDS (default 60; 5 s of warm-up first), beside a bare ws server that broadcasts the
 * same messages. Then the ramp (issue 19): 250, 500, 1,000 and 2,000 technicians at 1 Hz
 * (BENCH_GPS_RAMP), BENCH_RAMP_SECONDS (default 15, after 2 s of warm-up) each, on the same two
 * servers, and the saturation point of each: the highest step with p99 ≤ 50 ms and nothing lost.
 * BENCH_RAMP=0 skips the ramp; `--cpus N` pins both servers to N cores.
 *
 * Latency runs from sending a fix to a dispatcher holding it or a newer position of the same
 * technician, and a loss is an accepted fix a dispatcher never holds (bench/lib/gps-deliveries.ts):
 * the product sends only the newest waiting position (latest wins), the relay forwards everything.
 */
function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

function rampRates(): number[] {
  if (process.env.BENCH_RAMP === "0") return [];
  const raw = process.env.BENCH_GPS_RAMP ?? "250,500,1000,2000";
  const rates = raw.split(",").map((part) => Number(part.trim()));
  if (rates.length === 0 || rates.some((rate) => !Number.isInteger(rate) || rate <= 0))
    throw new Error(`BENCH_GPS_RAMP must list whole numbers of technicians, e.g. 250,500,1000,2000; got "${raw}"`);
  return rates;
}

const round = (n: number) => Math.round(n * 100) / 100;
const RAMP_WARMUP_S = 2;
/** How long a step's last deliveries may take to arrive before what is still missing counts as lost. */
const SETTLE_MS = 5_000;

interface Side {
  label: string;
  child: Child;
  dispatchers: Dispatchers;
  acknowledged: string[];
}

/** One load on one server: the fleet's first `techs` technicians for `seconds` after `warmupSeconds`. */
async function runLoad(
  side: Side,
  senders: FleetSenders,
  load: { techs: number; seconds: number; warmupSeconds: number; tokens: string[]; deviceIds: string[] },
  dispatchers: number,
) {
  const tracker = new DeliveryTracker(load.techs, dispatchers);
  const log = new ReceptionLog();
  side.dispatchers.log = log;
  const pid = side.child.process.pid!;
  console.log(
    `${side.label}: ${load.techs} technicians at 1 Hz for ${load.seconds} s (+${load.warmupSeconds} s warm-up)…`,
  );
  let cpuStart = 0;
  let clientStart = 0;
  // The dispatchers' process: its event loop falling behind would delay receptions, not the server.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const warmup = setTimeout(() => {
    cpuStart = cpuSeconds(pid);
    clientStart = ownCpuSeconds();
    loop.enable();
  }, load.warmupSeconds * 1000);
  const fleet = await senders.run({ ...load, port: side.child.port });
  clearTimeout(warmup);
  loop.disable();
  const cpu = cpuSeconds(pid) - cpuStart;
  const dispatchersCpu = ownCpuSeconds() - clientStart;
  // Every sent fix is known now: replay what the dispatchers received meanwhile, then listen live.
  let sent = 0;
  let failed = 0;
  let refused = 0;
  for (const part of fleet.results)
    for (let n = 0; n < part.technician.length; n++) {
      const technician = part.technician[n]!;
      const handle = tracker.sent(technician, part.fixMs[n]!, part.sentAt[n]!, part.measured[n] === 1);
      sent++;
      const status = part.status[n]!;
      if (status === 200) {
        tracker.accepted(technician, handle);
        side.acknowledged.push(`${load.deviceIds[technician]}|${part.fixMs[n]}`);
      } else {
        failed++;
        if (status === 503) refused++;
      }
    }
  side.dispatchers.tracker = tracker;
  side.dispatchers.log = null;
  log.replay(tracker);
  const settleBy = Date.now() + SETTLE_MS;
  while (tracker.missing() > 0 && Date.now() < settleBy) await sleep(100);
  side.dispatchers.tracker = null;
  const missing = tracker.missing();
  return {
    ...summarize(tracker.latencies),
    cpu_s: round(cpu),
    // The load generator's own CPU (senders + dispatchers) and event-loop delay: if these approach
    // a core per process, the generator, not the server, is what the figures measure.
    client_cpu_s: round(fleet.cpuS + dispatchersCpu),
    senders: senders.count,
    senders_cpu_s: round(fleet.cpuS),
    senders_loop_p99_ms: round(fleet.loopP99Ms),
    dispatchers_cpu_s: round(dispatchersCpu),
    dispatchers_loop_p99_ms: round(loop.percentile(99) / 1e6),
    fixes_sent: sent,
    fixes_failed: failed,
    fixes_refused: refused,
    deliveries: tracker.delivered,
    deliveries_superseded: tracker.superseded,
    deliveries_missing: missing,
  };
}

type LoadResult = Awaited<ReturnType<typeof runLoad>>;

/** A step is lost work when a dispatcher missed a latest position or a fix was not accepted. */
const rampStep = (rate: number, result: LoadResult): RampStep => ({
  rate,
  p99_ms: result.p99_ms,
  lost: result.deliveries_missing + result.fixes_failed,
  cpu_s: result.cpu_s,
});

async function runSide(
  side: Side,
  senders: FleetSenders,
  main: { techs: number; seconds: number; warmupSeconds: number },
  rates: number[],
  rampSeconds: number,
  fleet: { tokens: string[]; deviceIds: string[]; dispatchers: number },
) {
  const result = await runLoad(side, senders, { ...main, ...fleet }, fleet.dispatchers);
  const steps: Array<RampStep & LoadResult> = [];
  for (const rate of rates) {
    await sleep(1000);
    const step = await runLoad(
      side,
      senders,
      { techs: rate, seconds: rampSeconds, warmupSeconds: RAMP_WARMUP_S, ...fleet },
      fleet.dispatchers,
    );
    steps.push({ ...step, ...rampStep(rate, step) });
    console.log(
      `${side.label} @${rate}: p99 ${step.p99_ms} ms, lost ${rampStep(rate, step).lost}, CPU ${step.cpu_s} s ` +
        `(generator: senders ${step.senders_cpu_s} s, loop p99 ${step.senders_loop_p99_ms} ms; dispatchers ${step.dispatchers_cpu_s} s, loop p99 ${step.dispatchers_loop_p99_ms} ms)`,
    );
  }
  return { result, steps };
}

/** Acknowledged fixes missing from gps_positions: zero, or the product lost what it promised to keep. */
async function lostFromStorage(url: string, acknowledged: string[]): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ key: string }>(
      `select d.external_id || '|' || (extract(epoch from p.fix_time) * 1000)::bigint as key
       from gps_positions p join gps_devices d on d.id = p.device_id`,
    );
    const stored = new Set(rows.map((row) => row.key));
    return acknowledged.filter((key) => !stored.has(key)).length;
  } finally {
    await client.end();
  }
}

export async function runGpsBench() {
  const techs = positiveInt("BENCH_GPS_TECHS", 500);
  const dispatchers = positiveInt("BENCH_GPS_DISPATCHERS", 50);
  const seconds = positiveInt("BENCH_SECONDS", 60);
  const rampSeconds = positiveInt("BENCH_RAMP_SECONDS", 15);
  const rates = rampRates();
  const warmupSeconds = 5;
  const fleetSize = Math.max(techs, ...rates);
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
  let listening: Dispatchers | null = null;
  let senders: FleetSenders | null = null;
  try {
    const handle = await openDatabase({ url: url.toString() });
    const deviceIds = Array.from({ length: fleetSize }, (_, i) => `BENCH-${String(i + 1).padStart(4, "0")}`);
    let dispatcherToken: string;
    const indexOfTechnician = new Map<number, number>();
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
      for (const row of inserted) indexOfTechnician.set(row.id, deviceIds.indexOf(row.deviceId!));
      const [dispatcher] = await handle.db
        .select()
        .from(staffUsers)
        .where(eq(staffUsers.email, "dispatcher@demo.test"));
      dispatcherToken = signCollabToken(dispatcher!.id, authSecret, Date.now(), 4 * 3600);
    } finally {
      await handle.close();
    }
    const fleet = { tokens: deviceIds.map((id) => provisioningToken(id, authSecret)), deviceIds, dispatchers };
    const main = { techs, seconds, warmupSeconds };
    const date = localDate(new Date());

    project = await startProjectServer({
      DATABASE_URL: url.toString(),
      AUTH_SECRET: authSecret,
      APP_ENCRYPTION_KEY: encryptionKey,
      DATA_DIR: path.join(process.cwd(), ".data", "bench-gps"),
    });
    listening = await projectDispatchers(project.port, dispatchers, dispatcherToken, date, (id) =>
      indexOfTechnician.get(id),
    );
    const projectSide: Side = { label: "project", child: project, dispatchers: listening, acknowledged: [] };
    senders = await startFleetSenders();
    const projectRun = await runSide(projectSide, senders, main, rates, rampSeconds, fleet);
    listening.close();
    listening = null;
    await project.stop();
    project = null;
    const fixesLost = await lostFromStorage(url.toString(), projectSide.acknowledged);

    baseline = await startBaselineServer();
    listening = await baselineDispatchers(baseline.port, dispatchers);
    const baselineSide: Side = { label: "baseline", child: baseline, dispatchers: listening, acknowledged: [] };
    const baselineRun = await runSide(baselineSide, senders, main, rates, rampSeconds, fleet);

    const p = projectRun.result;
    const b = baselineRun.result;
    return {
      name: "gps",
      at: new Date().toISOString(),
      machine: machine(),
      params: {
        technicians: techs,
        fixes_per_s_each: 1,
        dispatchers,
        seconds,
        warmup_s: warmupSeconds,
        ramp_technicians: rates,
        ramp_seconds: rampSeconds,
        ramp_warmup_s: RAMP_WARMUP_S,
        saturation_p99_ms: SATURATION_P99_MS,
        cpus: pinnedCpus(),
        senders: senders.count,
      },
      project: {
        what: "server/main.ts (production build, PostgreSQL): OsmAnd endpoint → validate, authenticate, store (bounded batch queue), latest upsert → Socket.IO room, latest wins",
        ...p,
        // Over the whole run, ramp included: fixes answered 200 and the ones of them not in gps_positions.
        fixes_acknowledged: projectSide.acknowledged.length,
        fixes_lost: fixesLost,
      },
      baseline: { what: "bare HTTP + ws server broadcasting every message, no auth, no storage", ...b },
      ratios: {
        p95: round(p.p95_ms / b.p95_ms),
        cpu: round(p.cpu_s / b.cpu_s),
      },
      ramp: rates.map((rate, i) => ({ rate, project: projectRun.steps[i]!, baseline: baselineRun.steps[i]! })),
      saturation: { project: saturationOf(projectRun.steps), baseline: saturationOf(baselineRun.steps) },
    };
  } finally {
    await senders?.stop();
    listening?.close();
    await project?.stop();
    await baseline?.stop();
    await admin(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
  }
}

export function summary(result: Awaited<ReturnType<typeof runGpsBench>>): string {
  const { project: p, baseline: b, ratios, ramp, saturation } = result;
  const steps = ramp
    .map((s) => `${s.rate}: ${s.project.p99_ms}/${s.project.lost} vs ${s.baseline.p99_ms}/${s.baseline.lost}`)
    .join(", ");
  return (
    `gps: fix→dispatcher p50/p95/p99 ${p.p50_ms}/${p.p95_ms}/${p.p99_ms} ms vs baseline ${b.p50_ms}/${b.p95_ms}/${b.p99_ms} ms (p95 ${ratios.p95}×); ` +
    `server CPU ${p.cpu_s} s vs ${b.cpu_s} s (${ratios.cpu}×; generator ${p.client_cpu_s} s vs ${b.client_cpu_s} s); latest positions missing ${p.deliveries_missing} vs ${b.deliveries_missing}; ` +
    `accepted fixes lost ${p.fixes_lost} of ${p.fixes_acknowledged}` +
    (ramp.length
      ? `; ramp p99 ms/lost (project vs baseline) ${steps}; saturation ${saturation.project ?? "none"} vs ${saturation.baseline ?? "none"} technicians`
      : "")
  );
}
