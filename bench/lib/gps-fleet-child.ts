/**
 * One fix sender of the GPS benchmark's fleet, in its own process (gps-fleet.ts starts them): the
 * technicians whose fleet index ≡ `part` (mod `parts`) post their OsmAnd fixes on the fleet's shared
 * schedule. Separate processes so the load generator is not one event loop doing 2,000 requests a
 * second beside the dispatchers' sockets, the limit a single process hit before the servers did.
 *
 * Requests go through a keep-alive agent with at most `maxSockets` connections: a slow server makes
 * requests wait here (and the wait counts in the latency, as a tracker's would), never opens
 * thousands of connections. Times are the machine's monotonic clock in ms (process.hrtime), the
 * same in every process, so a send here and a reception in the benchmark's process compare.
 */
import http from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";

export interface SenderRun {
  type: "run";
  port: number;
  techs: number;
  seconds: number;
  warmupSeconds: number;
  /** When fix 0 of the fleet is due, on the monotonic clock (ms). */
  startAt: number;
  deviceIds: string[];
  tokens: string[];
}

/** Per fix sent, in sending order: columns of one typed array each (structured-clone friendly). */
export interface SenderResult {
  type: "result";
  technician: Int32Array;
  fixMs: Float64Array;
  sentAt: Float64Array;
  measured: Uint8Array;
  /** HTTP status, 0 for a network error. */
  status: Uint16Array;
  /** CPU seconds of this process during the measured window. */
  cpuS: number;
  /** This process's event-loop delay over the run, p99 in ms: a sender that falls behind shows here. */
  loopP99Ms: number;
}

const part = Number(process.env.GPS_SENDER_PART ?? 0);
const parts = Number(process.env.GPS_SENDER_PARTS ?? 1);
const maxSockets = Number(process.env.GPS_SENDER_MAX_SOCKETS ?? 1024);
/**
 * One agent per run, destroyed at its end: a connection left idle between steps is closed by the
 * server (keep-alive timeout) and would fail the next step's first request on it (ECONNRESET).
 */
let agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
const epochNow = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

function get(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get({ host: "127.0.0.1", port, path, agent }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
      response.on("error", () => resolve(0));
    });
    request.on("error", () => resolve(0));
  });
}

async function run(load: SenderRun): Promise<SenderResult> {
  const { techs } = load;
  const total = (load.seconds + load.warmupSeconds) * techs;
  const mine = Math.ceil(total / parts) + techs;
  const out = {
    technician: new Int32Array(mine),
    fixMs: new Float64Array(mine),
    sentAt: new Float64Array(mine),
    measured: new Uint8Array(mine),
    status: new Uint16Array(mine),
  };
  let count = 0;
  const interval = 1000 / techs;
  const warmupEnds = load.startAt + load.warmupSeconds * 1000;
  const lastFixMs = new Float64Array(techs);
  const inFlight = new Set<Promise<void>>();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  let cpuStart: number | null = null;
  loop.enable();
  for (let n = 0; n < total; n++) {
    const i = n % techs;
    if (i % parts !== part) continue;
    const due = load.startAt + n * interval;
    const wait = due - epochNow();
    if (wait > 1) await sleep(wait);
    const sentAt = epochNow();
    if (cpuStart === null && sentAt >= warmupEnds) cpuStart = cpuNow();
    // Whole milliseconds, a fix's own time: each is unique per device and matched on arrival.
    const fixMs = Math.max(Date.now(), lastFixMs[i]! + 1);
    lastFixMs[i] = fixMs;
    const slot = count++;
    out.technician[slot] = i;
    out.fixMs[slot] = fixMs;
    out.sentAt[slot] = sentAt;
    out.measured[slot] = due >= warmupEnds ? 1 : 0;
    const query = new URLSearchParams({
      id: load.deviceIds[i]!,
      token: load.tokens[i]!,
      lat: (45.3 + (i % 50) * 0.01 + n * 1e-7).toFixed(7),
      lon: "-72.7",
      timestamp: String(fixMs),
      speed: "20",
      bearing: "90",
    });
    const request = get(load.port, `/api/gps/osmand?${query}`).then((status) => {
      out.status[slot] = status;
      inFlight.delete(request);
    });
    inFlight.add(request);
  }
  await Promise.all(inFlight);
  agent.destroy();
  agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  const cpuS = cpuStart === null ? 0 : cpuNow() - cpuStart;
  loop.disable();
  return {
    type: "result",
    technician: out.technician.slice(0, count),
    fixMs: out.fixMs.slice(0, count),
    sentAt: out.sentAt.slice(0, count),
    measured: out.measured.slice(0, count),
    status: out.status.slice(0, count),
    cpuS,
    loopP99Ms: loop.percentile(99) / 1e6,
  };
}

process.on("message", (message: SenderRun | { type: "stop" }) => {
  if (message.type === "stop") {
    agent.destroy();
    process.exit(0);
  }
  run(message).then(
    (result) => process.send!(result),
    (error: unknown) => {
      console.error("gps sender failed:", error);
      process.exit(1);
    },
  );
});
process.send!({ type: "ready" });
