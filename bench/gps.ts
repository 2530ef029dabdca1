import { randomBytes } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
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
import { alternatingOrder, machine, median, summarize } from "./lib/stats";

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
 * One server runs at a time. On a 2-core machine one run's ratios move by a third from one run to
 * the next for the same code (the benchmark's own processes, PostgreSQL and the server share the
 * cores), so BENCH_GPS_ROUNDS (default 1) repeats the main load, alternating which server goes
 * first (P B, B P, P B…), and reports each round's ratios and their median beside the figures
 * pooled over every round.
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

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;
/**
 * Between two loads: the last one's bookkeeping (hundreds of thousands of receptions) is garbage by
 * now, and is collected here rather than inside the next load's window, on the thread that runs
 * that load's dispatchers.
 */
async function betweenLoads(): Promise<void> {
  collectGarbage();
  await sleep(1000);
}
const RAMP_WARMUP_S = 2;
/** How long a step's last deliveries may take to arrive before what is still missing counts as lost. */
const SETTLE_MS = 5_000;

/**
 * One of the two servers. Only one runs at a time (`exclusive`): an idle project server still has
 * timers, background jobs and PostgreSQL polling of its own (about 2 % of a core), and on 2 cores,
 * left running beside the bare relay, it raised the relay's p95 from 1.7–2.3 ms to 2.4–4.9 ms.
 */
interface Side {
  label: string;
  /** Starts the server and connects its dispatchers. */
  start(): Promise<Running>;
  running: Running | null;
  acknowledged: string[];
}
interface Running {
  child: Child;
  dispatchers: Dispatchers;
}

/** Stops every side but `side`, and makes sure `side` runs. */
async function exclusive(side: Side, sides: Side[]): Promise<Running> {
  for (const other of sides) if (other !== side) await stopSide(other);
  side.running ??= await side.start();
  return side.running;
}

async function stopSide(side: Side): Promise<void> {
  if (!side.running) return;
  side.running.dispatchers.close();
  await side.running.child.stop();
  side.running = null;
}

/** One load on one server: the fleet's first `techs` technicians for `seconds` after `warmupSeconds`. */
async function runLoad(
  side: Side,
  senders: FleetSenders,
  load: { techs: number; seconds: number; warmupSeconds: number; tokens: string[]; deviceIds: string[] },
  dispatchers: number,
) {
  const running = side.running!;
  const tracker = new DeliveryTracker(load.techs, dispatchers);
  const log = new ReceptionLog();
  running.dispatchers.log = log;
  const pid = running.child.process.pid!;
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
  const fleet = await senders.run({ ...load, port: running.child.port });
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
  running.dispatchers.tracker = tracker;
  running.dispatchers.log = null;
  log.replay(tracker);
  const settleBy = Date.now() + SETTLE_MS;
  while (tracker.missing() > 0 && Date.now() < settleBy) await sleep(100);
  running.dispatchers.tracker = null;
  const missing = tracker.missing();
  const figures = {
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
  return { figures, latencies: tracker.latencies };
}

type LoadResult = Awaited<ReturnType<typeof runLoad>>["figures"];

/** A step is lost work when a dispatcher missed a latest position or a fix was not accepted. */
const rampStep = (rate: number, result: LoadResult): RampStep => ({
  rate,
  p99_ms: result.p99_ms,
  lost: result.deliveries_missing + result.fixes_failed,
  cpu_s: result.cpu_s,
});

type Fleet = { tokens: string[]; deviceIds: string[]; dispatchers: number };

/** The ramp on one server, the other stopped. */
async function runRamp(
  side: Side,
  sides: Side[],
  senders: FleetSenders,
  rates: number[],
  rampSeconds: number,
  fleet: Fleet,
) {
  const steps: Array<RampStep & LoadResult> = [];
  for (const rate of rates) {
    await betweenLoads();
    await exclusive(side, sides);
    const { figures: step } = await runLoad(
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
  return steps;
}

/** Sums a side's rounds: latency percentiles over every round's fixes, counts and CPU added up. */
function pooled(rounds: Array<{ figures: LoadResult; latencies: number[] }>): LoadResult {
  const sum = (pick: (figures: LoadResult) => number) => round(rounds.reduce((total, r) => total + pick(r.figures), 0));
  const max = (pick: (figures: LoadResult) => number) => Math.max(...rounds.map((r) => pick(r.figures)));
  return {
    ...summarize(rounds.flatMap((r) => r.latencies)),
    cpu_s: sum((f) => f.cpu_s),
    client_cpu_s: sum((f) => f.client_cpu_s),
    senders: rounds[0]!.figures.senders,
    senders_cpu_s: sum((f) => f.senders_cpu_s),
    senders_loop_p99_ms: max((f) => f.senders_loop_p99_ms),
    dispatchers_cpu_s: sum((f) => f.dispatchers_cpu_s),
    dispatchers_loop_p99_ms: max((f) => f.dispatchers_loop_p99_ms),
    fixes_sent: sum((f) => f.fixes_sent),
    fixes_failed: sum((f) => f.fixes_failed),
    fixes_refused: sum((f) => f.fixes_refused),
    deliveries: sum((f) => f.deliveries),
    deliveries_superseded: sum((f) => f.deliveries_superseded),
    deliveries_missing: sum((f) => f.deliveries_missing),
  };
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
  const roundCount = positiveInt("BENCH_GPS_ROUNDS", 1);
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
  let sides: Side[] = [];
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

    const projectSide: Side = {
      label: "project",
      start: async () => {
        const child = await startProjectServer({
          DATABASE_URL: url.toString(),
          AUTH_SECRET: authSecret,
          APP_ENCRYPTION_KEY: encryptionKey,
          DATA_DIR: path.join(process.cwd(), ".data", "bench-gps"),
        });
        try {
          const listening = await projectDispatchers(child.port, dispatchers, dispatcherToken, date, (id) =>
            indexOfTechnician.get(id),
          );
          return { child, dispatchers: listening };
        } catch (error) {
          await child.stop();
          throw error;
        }
      },
      running: null,
      acknowledged: [],
    };
    const baselineSide: Side = {
      label: "baseline",
      start: async () => {
        const child = await startBaselineServer();
        try {
          return { child, dispatchers: await baselineDispatchers(child.port, dispatchers) };
        } catch (error) {
          await child.stop();
          throw error;
        }
      },
      running: null,
      acknowledged: [],
    };
    sides = [projectSide, baselineSide];
    senders = await startFleetSenders();

    // Each side's ramp follows its first main load, while that server runs and is warm: with one
    // round the order is the same as before rounds existed (project, its ramp, baseline, its ramp).
    const steps = new Map<Side, Array<RampStep & LoadResult>>();
    const rounds: Array<Record<"project" | "baseline", Awaited<ReturnType<typeof runLoad>>>> = [];
    for (let n = 0; n < roundCount; n++) {
      const results = new Map<Side, Awaited<ReturnType<typeof runLoad>>>();
      for (const side of alternatingOrder(n, [projectSide, baselineSide] as const)) {
        if (n > 0 || results.size > 0) await betweenLoads();
        await exclusive(side, sides);
        results.set(side, await runLoad(side, senders, { ...main, ...fleet }, dispatchers));
        if (n === 0) steps.set(side, await runRamp(side, sides, senders, rates, rampSeconds, fleet));
      }
      const round = { project: results.get(projectSide)!, baseline: results.get(baselineSide)! };
      rounds.push(round);
      if (roundCount > 1)
        console.log(
          `round ${n + 1}: p95 ${round.project.figures.p95_ms} vs ${round.baseline.figures.p95_ms} ms, ` +
            `CPU ${round.project.figures.cpu_s} vs ${round.baseline.figures.cpu_s} s`,
        );
    }
    const projectSteps = steps.get(projectSide)!;
    const baselineSteps = steps.get(baselineSide)!;
    // Stopping the server drains its write queue: every fix it acknowledged is stored by now, or lost.
    await stopSide(projectSide);
    const fixesLost = await lostFromStorage(url.toString(), projectSide.acknowledged);

    const p = pooled(rounds.map((r) => r.project));
    const b = pooled(rounds.map((r) => r.baseline));
    const roundFigures = rounds.map((r) => {
      const pick = (f: LoadResult) => ({ p50_ms: f.p50_ms, p95_ms: f.p95_ms, p99_ms: f.p99_ms, cpu_s: f.cpu_s });
      return {
        project: pick(r.project.figures),
        baseline: pick(r.baseline.figures),
        ratios: {
          p95: round(r.project.figures.p95_ms / r.baseline.figures.p95_ms),
          cpu: round(r.project.figures.cpu_s / r.baseline.figures.cpu_s),
        },
      };
    });
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
        rounds: roundCount,
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
      // Of the figures pooled over every round.
      ratios: {
        p95: round(p.p95_ms / b.p95_ms),
        cpu: round(p.cpu_s / b.cpu_s),
      },
      // Each round's own ratios, and their median: how far one run's verdict can be trusted.
      rounds: roundFigures,
      median_ratios: {
        p95: round(median(roundFigures.map((r) => r.ratios.p95))),
        cpu: round(median(roundFigures.map((r) => r.ratios.cpu))),
      },
      ramp: rates.map((rate, i) => ({ rate, project: projectSteps[i]!, baseline: baselineSteps[i]! })),
      saturation: { project: saturationOf(projectSteps), baseline: saturationOf(baselineSteps) },
    };
  } finally {
    await senders?.stop();
    for (const side of sides) await stopSide(side);
    await admin(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
  }
}

export function summary(result: Awaited<ReturnType<typeof runGpsBench>>): string {
  const { project: p, baseline: b, ratios, ramp, saturation, rounds, median_ratios } = result;
  const spread =
    rounds.length > 1
      ? `; ${rounds.length} rounds, p95 ${rounds.map((r) => `${r.ratios.p95}×`).join(" ")} (median ${median_ratios.p95}×), ` +
        `CPU ${rounds.map((r) => `${r.ratios.cpu}×`).join(" ")} (median ${median_ratios.cpu}×)`
      : "";
  const steps = ramp
    .map((s) => `${s.rate}: ${s.project.p99_ms}/${s.project.lost} vs ${s.baseline.p99_ms}/${s.baseline.lost}`)
    .join(", ");
  return (
    `gps: fix→dispatcher p50/p95/p99 ${p.p50_ms}/${p.p95_ms}/${p.p99_ms} ms vs baseline ${b.p50_ms}/${b.p95_ms}/${b.p99_ms} ms (p95 ${ratios.p95}×); ` +
    `server CPU ${p.cpu_s} s vs ${b.cpu_s} s (${ratios.cpu}×; generator ${p.client_cpu_s} s vs ${b.client_cpu_s} s); latest positions missing ${p.deliveries_missing} vs ${b.deliveries_missing}; ` +
    `accepted fixes lost ${p.fixes_lost} of ${p.fixes_acknowledged}` +
    spread +
    (ramp.length
      ? `; ramp p99 ms/lost (project vs baseline) ${steps}; saturation ${saturation.project ?? "none"} vs ${saturation.baseline ?? "none"} technicians`
      : "")
  );
}
