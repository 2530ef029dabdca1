import { loadavg } from "node:os";
import { PerformanceObserver } from "node:perf_hooks";
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import pg from "pg";
import { sql } from "drizzle-orm";
import { loadConfig } from "../server/config";
import { openDatabase } from "../server/db/client";
import { migrateDatabase } from "../server/db/migrate";
import { equipmentDiagnostics, serviceEquipment, snmpModelOids } from "../server/db/schema";
import { createNetSnmpProber } from "../server/integrations/snmp/net-snmp-prober";
import { sweepEquipment } from "../server/services/network/sweep";
import { parseSubnetList } from "../lib/domain/network/ip-address";
import { benchEnv } from "./lib/bench-env";
import { machine } from "./lib/stats";
import { BENCH_RX_OID, BENCH_TX_OID, startSnmpAgents } from "./lib/snmp-agents";
import { encodeRequest, rawSweep } from "./lib/snmp-raw-client";
import { cpuSnapshot, cpuSpent } from "./lib/snmp-cpu";

/**
 * `npm run bench -- network` (SNMP half): a status sweep of BENCH_NETWORK_DEVICES (default 7,600)
 * devices — sysUpTime, sysDescr, optical levels, then the IF-MIB interface columns — through the
 * product's sweep (guard, net-snmp prober under its limits, results stored in PostgreSQL), beside a
 * bare UDP client sending the same two pre-encoded requests per device to the same agents with the
 * same concurrency. The devices are loopback addresses 127.1.x.y served by BENCH_SNMP_AGENTS (default
 * 4) Debian snmpd processes. RADIUS figures are not measured here (null).
 *
 * Beside wall time, each sweep's CPU: this node process (process.cpuUsage), the PostgreSQL backends
 * of the bench database and the snmpd agents (/proc/<pid>/stat), and node's garbage collections.
 * On a small machine the agents share the cores with node and PostgreSQL, so CPU per device is
 * what decides the throughput ratio, and it is steadier than wall time on a busy machine.
 */
const COMMUNITY = "bench-community";
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const IF_COLUMNS = [
  "1.3.6.1.2.1.2.2.1.2",
  "1.3.6.1.2.1.2.2.1.8",
  "1.3.6.1.2.1.2.2.1.14",
  "1.3.6.1.2.1.2.2.1.20",
  "1.3.6.1.2.1.31.1.1.1.1",
  "1.3.6.1.2.1.31.1.1.1.6",
  "1.3.6.1.2.1.31.1.1.1.10",
];

function urlFor(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const GC_KINDS: Record<number, string> = { 1: "minor", 2: "major", 4: "incremental", 8: "weak_callbacks" };

/** Counts node's garbage collections (minor: young generation; major: the whole heap) and their pauses while it is open. */
function watchGc() {
  let count = 0;
  let ms = 0;
  const byKind: Record<string, number> = {};
  const take = (entries: PerformanceEntry[]) => {
    for (const entry of entries) {
      count++;
      ms += entry.duration;
      const kind = GC_KINDS[(entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0] ?? "other";
      byKind[kind] = (byKind[kind] ?? 0) + 1;
    }
  };
  const observer = new PerformanceObserver((list) => take(list.getEntries()));
  observer.observe({ entryTypes: ["gc"] });
  return {
    stop() {
      // Entries are delivered asynchronously; take those already queued.
      take(observer.takeRecords());
      observer.disconnect();
      return { count, ms: round(ms, 1), by_kind: byKind };
    },
  };
}

/** CPU of node, the database's backends and the agents over one sweep. */
async function measureCpu<T>(
  work: () => Promise<T>,
  pids: { agents: readonly number[]; backends: () => Promise<number[]> },
): Promise<{
  value: T;
  nodeS: number;
  postgresS: number;
  agentsS: number;
  gc: { count: number; ms: number };
}> {
  const backendsBefore = cpuSnapshot(await pids.backends());
  const agentsBefore = cpuSnapshot(pids.agents);
  const gc = watchGc();
  const nodeBefore = process.cpuUsage();
  const value = await work();
  const node = process.cpuUsage(nodeBefore);
  const gcSeen = gc.stop();
  const agentsS = cpuSpent(agentsBefore, cpuSnapshot(pids.agents));
  const postgresS = cpuSpent(backendsBefore, cpuSnapshot(await pids.backends()));
  return { value, nodeS: (node.user + node.system) / 1e6, postgresS, agentsS, gc: gcSeen };
}

/**
 * BENCH_NETWORK_PROFILE=<file.cpuprofile>: a V8 CPU profile of the project's sweep only;
 * BENCH_NETWORK_HEAP_PROFILE=<file.heapprofile>: where it allocates, collected objects included.
 */
async function profiled<T>(work: () => Promise<T>): Promise<T> {
  const cpuFile = process.env.BENCH_NETWORK_PROFILE;
  const heapFile = process.env.BENCH_NETWORK_HEAP_PROFILE;
  if (!cpuFile && !heapFile) return work();
  const session = new Session();
  session.connect();
  if (cpuFile) {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 200 });
    await session.post("Profiler.start");
  }
  if (heapFile) {
    await session.post("HeapProfiler.enable");
    await session.post("HeapProfiler.startSampling", {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }
  try {
    return await work();
  } finally {
    if (cpuFile) writeFileSync(cpuFile, JSON.stringify((await session.post("Profiler.stop")).profile));
    if (heapFile) writeFileSync(heapFile, JSON.stringify((await session.post("HeapProfiler.stopSampling")).profile));
    session.disconnect();
  }
}

function wholeEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
  return value;
}

export async function runNetworkBench() {
  const devices = wholeEnv("BENCH_NETWORK_DEVICES", 7600);
  const concurrency = wholeEnv("BENCH_SNMP_CONCURRENCY", 64);
  const agentCount = wholeEnv("BENCH_SNMP_AGENTS", 4);
  const port = wholeEnv("BENCH_SNMP_PORT", 16161);
  const adminUrl =
    process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const dbName = `bench_network_${process.pid}`;
  const agents = await startSnmpAgents({ devices, agents: agentCount, port, community: COMMUNITY });
  await admin(adminUrl, `create database ${dbName}`);
  const handle = await openDatabase({ url: urlFor(adminUrl, dbName) });
  try {
    await migrateDatabase(handle);
    const db = handle.db;
    await db
      .insert(snmpModelOids)
      .values({ model: "Bench ONT", rxPowerOid: BENCH_RX_OID, txPowerOid: BENCH_TX_OID, valueDivisor: 100 });
    for (let i = 0; i < devices; i += 1000) {
      await db.insert(serviceEquipment).values(
        agents.addresses.slice(i, i + 1000).map((address, k) => ({
          kind: "ont" as const,
          serial: `BNCH${String(i + k).padStart(8, "0")}`,
          model: "Bench ONT",
          managementIp: address,
          status: "installed" as const,
        })),
      );
    }
    const ids = (await db.select({ id: serviceEquipment.id }).from(serviceEquipment)).map((r) => r.id);
    const subnets = parseSubnetList("127.1.0.0/16");
    if (!subnets.ok) throw new Error(subnets.problem);
    const base = loadConfig(benchEnv());
    const network = {
      mgmtSubnets: subnets.subnets,
      snmp: { port, timeoutMs: 5000, concurrency, credentials: { version: "2c" as const, community: COMMUNITY } },
    };
    const deps = { db, config: { ...base, network }, snmp: createNetSnmpProber(network.snmp) };
    const requests = [
      encodeRequest(COMMUNITY, "get", ["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.3.0", BENCH_RX_OID, BENCH_TX_OID]),
      encodeRequest(COMMUNITY, "bulk", IF_COLUMNS, 8),
    ];

    // Warm both paths (JIT, agents' caches) on a slice, then measure the whole fleet: baseline, then project.
    const warm = Math.min(200, devices);
    await rawSweep(agents.addresses.slice(0, warm), port, requests, concurrency, 5000);
    await sweepEquipment(deps, { equipmentIds: ids.slice(0, warm), concurrency });
    await db.delete(equipmentDiagnostics);

    // Other work on the machine slows the project (CPU-bound JavaScript) more than the bare client: say how busy it was.
    const loadBefore = round(loadavg()[0]!);
    // The bench database's PostgreSQL backends (the pool's connections), for their CPU.
    const backends = async () =>
      (
        await handle.query<{ pid: number }>(
          "select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'",
        )
      ).map((r) => r.pid);
    const rawMeasured = await measureCpu(() => rawSweep(agents.addresses, port, requests, concurrency, 5000), {
      agents: agents.pids,
      backends: () => Promise.resolve([]),
    });
    const raw = rawMeasured.value;
    let wallS = 0;
    const projectMeasured = await measureCpu(
      async () => {
        const started = performance.now();
        const result = await profiled(() => sweepEquipment(deps, { equipmentIds: ids, concurrency }));
        wallS = (performance.now() - started) / 1000;
        return result;
      },
      { agents: agents.pids, backends },
    );
    const swept = projectMeasured.value;
    const perDeviceMs = (seconds: number) => round((seconds * 1000) / devices, 3);
    const [stored] = await db
      .select({ ok: sql<number>`count(*) filter (where ${equipmentDiagnostics.outcome} = 'ok')`.mapWith(Number) })
      .from(equipmentDiagnostics);
    const project = {
      devices,
      wall_s: round(wallS),
      devices_per_s: round(devices / wallS, 1),
      answered: swept.outcomes.ok,
      stored_ok: stored!.ok,
      outcomes: swept.outcomes,
      cpu: {
        node_s: round(projectMeasured.nodeS),
        node_ms_per_device: perDeviceMs(projectMeasured.nodeS),
        postgres_s: round(projectMeasured.postgresS),
        postgres_ms_per_device: perDeviceMs(projectMeasured.postgresS),
        agents_s: round(projectMeasured.agentsS),
        agents_ms_per_device: perDeviceMs(projectMeasured.agentsS),
        gc: projectMeasured.gc,
      },
      radius_rps: null,
      radius_p99_ms: null,
    };
    const baseline = {
      what: "bare UDP client, pre-encoded v2c GetRequest + GetBulkRequest per device, same agents and concurrency, nothing stored",
      devices,
      wall_s: round(raw.wallS),
      devices_per_s: round(devices / raw.wallS, 1),
      answered: raw.answered,
      cpu: {
        node_s: round(rawMeasured.nodeS),
        node_ms_per_device: perDeviceMs(rawMeasured.nodeS),
        agents_s: round(rawMeasured.agentsS),
        agents_ms_per_device: perDeviceMs(rawMeasured.agentsS),
        gc: rawMeasured.gc,
      },
    };
    const ratio = round(project.devices_per_s / baseline.devices_per_s);
    return {
      name: "network",
      at: new Date().toISOString(),
      machine: machine(),
      params: { devices, concurrency, agents: agentCount, requests_per_device: 2, database: "postgresql" },
      machine_load_1m: { before: loadBefore, after: round(loadavg()[0]!) },
      project,
      baseline,
      throughput_ratio: ratio,
      // Node and PostgreSQL CPU per device of the project over node's per device in the bare client.
      cpu_per_device_ratio: round(
        (projectMeasured.nodeS + projectMeasured.postgresS) / Math.max(rawMeasured.nodeS, 1e-6),
      ),
      target: { wall_s_max: 60, ratio_min: 0.7, met: project.wall_s <= 60 && ratio >= 0.7 && stored!.ok === devices },
    };
  } finally {
    await handle.close();
    await admin(adminUrl, `drop database if exists ${dbName} with (force)`);
    await agents.stop();
  }
}

type NetworkResult = Awaited<ReturnType<typeof runNetworkBench>>;

export function summary(result: NetworkResult): string {
  const p = result.project;
  const b = result.baseline;
  return (
    `network: project ${p.devices} devices in ${p.wall_s} s (${p.devices_per_s}/s, ${p.stored_ok} stored ok)` +
    ` | baseline ${b.wall_s} s (${b.devices_per_s}/s, ${b.answered} answered) | ratio ${result.throughput_ratio}, target ${result.target.met ? "met" : "missed"}` +
    ` | CPU ms/device: project node ${p.cpu.node_ms_per_device} + PG ${p.cpu.postgres_ms_per_device}, baseline node ${b.cpu.node_ms_per_device}` +
    ` (agents ${p.cpu.agents_ms_per_device} vs ${b.cpu.agents_ms_per_device}) | load ${result.machine_load_1m.before}→${result.machine_load_1m.after}`
  );
}
