import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * `npm run bench -- <name>`: runs one benchmark, writes bench/results/<name>.json and
 * prints a one-line summary. A benchmark is a module exporting an async function that
 * returns ARCHITECTURE.md's result object, and optionally `summary(result)` for the line.
 * Add one by adding a line here.
 */
const BENCHMARKS: Record<string, { module: string; run: string }> = {
  seed: { module: "./seed.ts", run: "runSeedBench" },
  api: { module: "./api.ts", run: "runApiBench" },
  portal: { module: "./portal.ts", run: "runPortalBench" },
  collab: { module: "./collab.ts", run: "runCollabBench" },
  billing: { module: "./billing.ts", run: "runBillingBench" },
  gps: { module: "./gps.ts", run: "runGpsBench" },
  vrptw: { module: "./vrptw.ts", run: "runVrptwBench" },
  history: { module: "./history.ts", run: "runHistoryBench" },
  radius: { module: "./radius.ts", run: "runRadiusBench" },
  network: { module: "./network.ts", run: "runNetworkBench" },
  tickets: { module: "./tickets.ts", run: "runTicketsBench" },
  replan: { module: "./replan.ts", run: "runReplanBench" },
};

const here = path.dirname(fileURLToPath(import.meta.url));
const names = Object.keys(BENCHMARKS).sort().join(", ");
const USAGE = `Usage: npm run bench -- <name> [--cpus N]

Runs one benchmark, writes bench/results/<name>.json and prints a one-line summary.
Benchmarks: ${names}.
--cpus N pins the server under test and its bare baseline to N cores with taskset (collab, gps), so headroom
shows on any machine.

  seed   full-volume seed into a fresh PostgreSQL database, per table, against COPY FROM STDIN.
         Uses BENCH_DATABASE_URL, else DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres
         as the admin connection; creates and drops its own databases.
  api    customer search (each field), customer 360 and filtered ticket lists at full volume through
         tRPC, beside the same SQL through pg. Keeps its full-volume database (BENCH_API_DB, default
         bench_api) between runs; BENCH_API_RESEED=1 seeds it again. BENCH_ITERATIONS (default 500).
  portal the customer portal's dashboard, invoice, ticket and visit lists for 200 customers drawn at random
         (seeded), each as that signed-in customer through tRPC, beside the same SQL through pg. Keeps its
         full-volume database (BENCH_PORTAL_DB, default bench_portal). BENCH_ITERATIONS (default 600).
  tickets full-text search (50 French and English queries), the ticket page (40-message thread and its
         customer panel) and the saved views (breaching, mine, unassigned) at full volume through tRPC,
         beside the same SQL through pg. Keeps its database (BENCH_TICKETS_DB, default bench_tickets);
         BENCH_TICKETS_RESEED=1 seeds it again. BENCH_ROUNDS (default 10) rounds of the 50 queries,
         BENCH_ITERATIONS (default 300) for the others.
  collab BENCH_CLIENTS (default 50) dispatchers editing one 2,000-job, 40-technician board at
         BENCH_EDITS_PER_S (default 10) for BENCH_SECONDS (default 60): edit-to-peer latency, cold load,
         server peak RSS, beside a bare y-websocket relay. Creates and drops bench_collab_<pid>.
         BENCH_COLLAB_SOLVE=1 also runs the same load while the server solves 40-technician, 300-job
         days back to back (project_during_solve). Then a ramp for both servers in the same run:
         BENCH_RAMP_RATES (default 10,20,40,80,160) edits/s, BENCH_RAMP_SECONDS (default 15) each, each
         step's p99, lost deliveries and server CPU, and the saturation point (highest rate with p99 ≤
         50 ms and nothing lost); BENCH_RAMP=0 skips it. --cpus 1 pins both servers to one core.
  replan the re-plan of a 40-technician, 300-job day at 12:30 (a job cancelled, one added, one technician
         running an hour late) through the optimizer's worker with the re-plan budget: wall time, jobs
         moved, beside the same day planned again from scratch (scope "all", 5 s).
  billing the monthly billing run over the full-volume seed (21,876 subscriptions) on PostgreSQL, dated the
         1st of next month, beside a one-subscription-per-transaction ORM loop on an identical copy.
         Same admin URL as seed; creates and drops bench_billing_<pid> and bench_billing_<pid>_baseline.
  gps    BENCH_GPS_TECHS (default 500) technicians posting 1 OsmAnd fix/s each to the real server (production
         build, PostgreSQL) while BENCH_GPS_DISPATCHERS (default 50) Socket.IO clients follow the board, for
         BENCH_SECONDS (default 60): fix-to-dispatcher latency and server CPU seconds, beside a bare ws
         server broadcasting the same messages. Then a ramp on both servers: BENCH_GPS_RAMP (default
         250,500,1000,2000) technicians at 1 Hz, BENCH_RAMP_SECONDS (default 15) each, with each step's p99,
         losses and CPU and the saturation point (highest step with p99 <= 50 ms and nothing lost);
         BENCH_RAMP=0 skips it. Latency runs until a dispatcher holds the fix or a newer one of the same
         technician (the product sends only the newest, latest wins); a loss is an accepted fix a dispatcher
         never holds, or a fix not accepted. Also checks every acknowledged fix is stored. One server runs
         at a time; BENCH_GPS_ROUNDS (default 1) repeats the main load, alternating which server goes first,
         and adds each round's ratios and their median. Builds if needed; creates and drops bench_gps_<pid>.
  radius Access-Requests (PAP) through Debian's FreeRADIUS (its rest module) to the product's /api/radius/authorize
         on PostgreSQL, BENCH_RADIUS_SUBSCRIBERS (default 2000) subscribers, closed loop at each of
         BENCH_RADIUS_CONCURRENCY (default 4,8,16,32) requests in flight for BENCH_SECONDS (default 10):
         round trips per second, p50/p99, beside the same FreeRADIUS answering a static files user.
         BENCH_RADIUS_THREADS (default 16) FreeRADIUS threads. Creates and drops bench_radius_<pid>.
  vrptw  the route optimizer on ../shared/data/vrptw (Solomon 100, Gehring–Homberger 200), BENCH_VRPTW_SECONDS
         (default 10) per instance, one at a time in a fresh worker thread, every answer checked by the
         independent feasibility checker: vehicles, distance, gap to the best known. BENCH_VRPTW_ONLY=C101,R101
         limits the instances; BENCH_VRPTW_DIR overrides the data folder. Then a 40-technician, 300-job
         dispatch day in 5 s, with the main thread's event-loop delay meanwhile.
  history one board with a day of edits (BENCH_HISTORY_EDITS_PER_S, default 10, for BENCH_HISTORY_HOURS, default 10:
         360,000 updates on BENCH_HISTORY_JOBS, default 2,000, jobs) kept as compaction keeps it, checkpointed as the
         nightly job does: the board rebuilt at BENCH_ITERATIONS (default 200) random instants beside a cold load of
         the final board, and the storage the day takes. Creates and drops bench_history_<pid>.
  network SNMP status sweep of BENCH_NETWORK_DEVICES (default 7600) simulated devices (loopback addresses served
         by BENCH_SNMP_AGENTS, default 4, Debian snmpd processes on BENCH_SNMP_PORT, default 16161) through the
         product's sweep with results stored, BENCH_SNMP_CONCURRENCY (default 64) at a time, beside a bare UDP
         client sending the same pre-encoded requests. Creates and drops bench_network_<pid>.`;

function fail(message: string): never {
  console.error(`bench: ${message}\n\n${USAGE}`);
  process.exit(2);
}

/** Fallback summary: the numbers at the top of project and baseline. */
function defaultSummary(name: string, result: Record<string, unknown>): string {
  const numbers = (part: unknown) =>
    Object.entries((part ?? {}) as Record<string, unknown>)
      .filter(([, v]) => typeof v === "number")
      .map(([k, v]) => `${k}=${v as number}`)
      .join(" ");
  return `${name}: project ${numbers(result.project)} | baseline ${numbers(result.baseline)}`;
}

const args = process.argv.slice(2).filter((a) => a !== "--");
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
// `--cpus N` pins the server under test (and its bare baseline) to N cores; benchmarks read BENCH_CPUS.
const cpusAt = args.indexOf("--cpus");
if (cpusAt >= 0) {
  const value = args[cpusAt + 1];
  if (value === undefined || !/^[1-9][0-9]*$/.test(value))
    fail(`--cpus takes a whole number of cores, got "${value ?? ""}"`);
  process.env.BENCH_CPUS = value;
  args.splice(cpusAt, 2);
}
const flag = args.find((a) => a.startsWith("-"));
if (flag) fail(`unknown option "${flag}"`);
if (args.length !== 1) fail(args.length === 0 ? "which benchmark? Give one name." : "give exactly one benchmark name");
const name = args[0] as string;
const entry = BENCHMARKS[name];
if (!entry) fail(`unknown benchmark "${name}" (known: ${names})`);

const mod = (await import(new URL(entry.module, import.meta.url).href)) as Record<string, unknown>;
// A benchmark module's shape is a convention (module header); the typeof checks hold it to it.
const run = mod[entry.run] as (() => Promise<Record<string, unknown>>) | undefined;
if (typeof run !== "function") throw new Error(`${entry.module} does not export ${entry.run}()`);
const result = await run();
const dir = path.join(here, "results");
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `${name}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
const summarize = mod.summary as ((result: Record<string, unknown>) => unknown) | undefined;
const line = typeof summarize === "function" ? String(summarize(result)) : defaultSummary(name, result);
console.log(`${line} → ${path.relative(process.cwd(), file)}`);
process.exit(0);
