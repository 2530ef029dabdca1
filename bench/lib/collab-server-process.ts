/**
 * One collaboration server in a process of its own, so its RSS is its own:
 * `project` is the product's Hocuspocus server (reads DATABASE_URL, AUTH_SECRET,
 * APP_ENCRYPTION_KEY like server/main.ts), `relay` the bare y-websocket relay (y-relay.ts).
 * Talks to the benchmark over IPC (collab-child.ts): reports its port once listening,
 * answers "which documents are loaded" and "peak RSS", and reports the peak on SIGTERM.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import type { BoardLoadTrace } from "../../server/collab/load-trace";
import type { ChildReply, ChildRequest } from "./collab-child";

const mode = process.argv[2];
if (mode !== "project" && mode !== "relay") {
  console.error("usage: collab-server-process.ts project|relay");
  process.exit(2);
}

const toMb = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 200);
sampler.unref();
// How long the server's event loop stalls: every stall delays every edit in flight.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const trace =
  process.env.BENCH_COLLAB_TRACE === "1"
    ? (what: string) => console.error(`[${mode} ${new Date().toISOString().slice(17, 23)}] ${what}`)
    : null;

function reply(message: ChildReply): void {
  process.send?.(message);
}

let documents: () => string[];
let logAppends: () => { rows: number; writes: number; largestBatch: number } | null = () => null;
let idle: () => Promise<void> = () => Promise.resolve();
let stop: () => Promise<void>;
const server = http.createServer((_req, res) => res.writeHead(404).end());

/** With the trace, the statements the server sent to PostgreSQL, by kind (each is one socket write or more). */
const statementKinds = new Map<string, number>();
if (mode === "project" && trace) {
  const { default: pg } = await import("pg");
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the client as `this` below
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === "string" ? first : (first?.text ?? "");
    const kind = text.trim().split(/\s+/).slice(0, 3).join(" ").toLowerCase().slice(0, 40);
    statementKinds.set(kind, (statementKinds.get(kind) ?? 0) + 1);
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
}

if (mode === "project") {
  const { createRuntime } = await import("../../server/runtime");
  const { createCollabServer } = await import("../../server/collab/collab-server");
  const runtime = await createRuntime();
  const collab = createCollabServer(runtime);
  server.on("upgrade", (req, socket, head) => collab.handleUpgrade(req, socket, head));
  documents = () => [...collab.hocuspocus.documents.keys()];
  logAppends = () => {
    const { items, writes, largestBatch } = collab.store.appendStats();
    return { rows: items, writes, largestBatch };
  };
  // The board extension finishes some work after a hook returns (catch-up writes after a load);
  // cold loads are measured one at a time, each after the previous one's work is done.
  const board = collab.hocuspocus.configuration.extensions.find((e) => e.extensionName === "board") as
    { idle?: () => Promise<void> } | undefined;
  if (typeof board?.idle === "function") idle = () => board.idle!();
  if (trace) {
    // Per second, the event loop's worst delay: a stall shows with the work traced beside it.
    const perSecond = monitorEventLoopDelay({ resolution: 1 });
    perSecond.enable();
    setInterval(() => {
      const ms = (ns: number) => (ns / 1e6).toFixed(1);
      if (perSecond.max > 20e6) trace(`loop delay p99 ${ms(perSecond.percentile(99))} ms, max ${ms(perSecond.max)} ms`);
      // Where the peak RSS comes from: the heap's share of it, second by second, beside the work traced.
      const memory = process.memoryUsage();
      if (memory.rss >= peakRss)
        trace(
          `new peak RSS ${toMb(memory.rss)} MB (heap used ${toMb(memory.heapUsed)} of ${toMb(memory.heapTotal)} MB, external ${toMb(memory.external)} MB)`,
        );
      perSecond.reset();
    }, 1_000).unref();
    // The store and the tables are the objects the board extension calls: timed where they are called.
    const timedAsync =
      <A extends unknown[], R>(what: string, work: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        const started = performance.now();
        try {
          return await work(...args);
        } finally {
          const ms = performance.now() - started;
          if (ms > 5) trace(`${what} in ${ms.toFixed(1)} ms`);
        }
      };
    collab.store.compact = timedAsync("compact", collab.store.compact.bind(collab.store));
    const { boardTables } = await import("../../server/services/dispatch/board-rows");
    const tables = boardTables as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const key of Object.keys(tables)) tables[key] = timedAsync(`tables.${key}`, tables[key]!);
    let storeStarted = 0;
    let loadStarted = 0;
    let authStarted = 0;
    let authMs = 0;
    let encodePending = false;
    // Where each load's time goes (board-extension.ts publishes its phases), and the medians at the end.
    const phaseSamples = new Map<string, number[]>();
    const sample = (phase: string, ms: number) => {
      const list = phaseSamples.get(phase) ?? [];
      list.push(ms);
      phaseSamples.set(phase, list);
    };
    const { subscribe } = await import("node:diagnostics_channel");
    const { BOARD_LOAD_CHANNEL } = await import("../../server/collab/load-trace");
    subscribe(BOARD_LOAD_CHANNEL, (message) => {
      const load = message as BoardLoadTrace;
      for (const [phase, ms] of load.phases) sample(phase, ms);
      const kb = Math.round(load.snapshotBytes / 1024);
      trace(
        `load phases (snapshot ${kb} KiB, ${load.logRows} log rows): ` +
          load.phases.map(([phase, ms]) => `${phase} ${ms.toFixed(1)}`).join(", ") +
          (load.firstSyncWrittenMs === undefined
            ? ""
            : `; first sync from the store written out at ${load.firstSyncWrittenMs.toFixed(1)} ms`),
      );
    });
    const Y = await import("yjs");
    collab.hocuspocus.configuration.extensions.unshift({
      onAuthenticate() {
        authStarted = performance.now();
        return Promise.resolve();
      },
      onStoreDocument() {
        storeStarted = performance.now();
        trace("store start");
        return Promise.resolve();
      },
      onLoadDocument() {
        loadStarted = performance.now();
        trace("load start");
        return Promise.resolve();
      },
    });
    collab.hocuspocus.configuration.extensions.push({
      onAuthenticate() {
        authMs = performance.now() - authStarted;
        return Promise.resolve();
      },
      afterStoreDocument() {
        trace(`store done in ${(performance.now() - storeStarted).toFixed(1)} ms`);
        return Promise.resolve();
      },
      afterLoadDocument({ documentName }) {
        const loadMs = performance.now() - loadStarted;
        sample("auth (token + session check)", authMs);
        sample("whole onLoadDocument", loadMs);
        encodePending = true;
        trace(`loaded ${documentName} in ${loadMs.toFixed(1)} ms (auth before it ${authMs.toFixed(1)} ms)`);
        return Promise.resolve();
      },
      // The sync reply's encoding happens inside Hocuspocus; it is timed apart, once the loading
      // client is gone, on the same document (the measured load is not slowed by it).
      onDisconnect({ document }) {
        if (encodePending && document) {
          encodePending = false;
          const started = performance.now();
          const bytes = Y.encodeStateAsUpdate(document).byteLength;
          const ms = performance.now() - started;
          sample("sync reply encode (timed apart)", ms);
          trace(`sync reply: ${Math.round(bytes / 1024)} KiB encoded in ${ms.toFixed(1)} ms`);
        }
        return Promise.resolve();
      },
      afterUnloadDocument({ documentName }) {
        trace(`unloaded ${documentName}`);
        // What an unloaded board leaves behind (the project runs with --expose-gc, as in production): the heap
        // after a full collection should come back to the same size load after load.
        const collect = (globalThis as { gc?: () => void }).gc;
        if (collect) {
          setTimeout(() => {
            collect();
            trace(`after unload and a full GC: heap used ${toMb(process.memoryUsage().heapUsed)} MB`);
          }, 50);
        }
        return Promise.resolve();
      },
    });
    process.once("SIGTERM", () => {
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
      const cpu = process.cpuUsage();
      const lines = [...phaseSamples].map(
        ([phase, values]) =>
          `  ${phase.padEnd(36)} median ${median(values).toFixed(1).padStart(7)} ms  (n=${values.length})`,
      );
      const statements = [...statementKinds].sort((a, b) => b[1] - a[1]).slice(0, 15);
      console.error(`[${mode}] statements sent: ${statements.map(([kind, n]) => `${n} × "${kind}"`).join(", ")}`);
      console.error(
        `[${mode}] where a board load's time goes (server side, every load incl. the first; ` +
          `cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s in all):\n${lines.join("\n")}`,
      );
    });
  }
  stop = async () => {
    await collab.close();
    server.closeAllConnections();
    server.close();
    await runtime.database.close();
  };
} else {
  const { createYRelay } = await import("./y-relay");
  const relay = createYRelay();
  server.on("upgrade", (req, socket, head) => relay.handleUpgrade(req, socket, head));
  documents = () => [...relay.rooms.keys()];
  stop = () => {
    relay.close();
    server.closeAllConnections();
    server.close();
    return Promise.resolve();
  };
}

/**
 * Solves back to back while the benchmark's load runs: what a dispatcher's "propose a plan"
 * costs the process that serves the board (the problem's matrix is built on this thread, as
 * propose-plan does; the search runs in the worker thread).
 */
let solving: Promise<{ solves: number; solveSeconds: number[]; error: string | null }> | null = null;
let stopSolving = false;
function startSolving(): void {
  stopSolving = false;
  solving = (async () => {
    const { dispatchDay } = await import("./dispatch-day");
    const { createWarmOptimizer } = await import("../../server/services/dispatch/optimizer");
    // The collab server's own kind of optimizer: one warm worker, started ahead and reused.
    const optimizer = createWarmOptimizer();
    optimizer.warm();
    await optimizer.ready();
    const solveSeconds: number[] = [];
    try {
      while (!stopSolving) {
        const started = performance.now();
        await optimizer.optimize({
          problem: dispatchDay(40, 300, 10),
          timeLimitMs: 5_000,
          seed: solveSeconds.length + 1,
        });
        solveSeconds.push(Math.round(performance.now() - started) / 1000);
      }
      return { solves: solveSeconds.length, solveSeconds, error: null };
    } catch (error) {
      return {
        solves: solveSeconds.length,
        solveSeconds,
        error: error instanceof Error ? error.message : String(error),
      };
    } finally {
      await optimizer.close();
    }
  })();
}

process.on("message", (message: ChildRequest) => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (message.type === "solve-start") {
    startSolving();
    reply({ type: "solve-start", id: message.id });
  } else if (message.type === "solve-stop") {
    stopSolving = true;
    void (solving ?? Promise.resolve({ solves: 0, solveSeconds: [], error: "no solve was started" })).then((r) =>
      reply({ type: "solve-stop", id: message.id, ...r }),
    );
  } else if (message.type === "idle")
    void idle()
      .catch(() => undefined)
      .then(() => reply({ type: "idle", id: message.id }));
  else if (message.type === "documents") reply({ type: "documents", id: message.id, names: documents() });
  else if (message.type === "cpu") {
    const { user, system } = process.cpuUsage();
    reply({ type: "cpu", id: message.id, cpuS: (user + system) / 1e6, log: logAppends() });
  } else if (message.type === "memory")
    reply({ type: "memory", id: message.id, rssMb: toMb(process.memoryUsage().rss), peakRssMb: toMb(peakRss) });
  else if (message.type === "loop") {
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    reply({
      type: "loop",
      id: message.id,
      p50Ms: ms(loopDelay.percentile(50)),
      p99Ms: ms(loopDelay.percentile(99)),
      maxMs: ms(loopDelay.max),
    });
    loopDelay.reset();
  }
});

let stopping = false;
process.on("SIGTERM", () => {
  if (stopping) return;
  stopping = true;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  reply({ type: "final", peakRssMb: toMb(peakRss) });
  void stop()
    .catch((error: unknown) => console.error(`${mode} server stop failed:`, error))
    .finally(() => process.exit(0));
});
// The benchmark went away without stopping us: do not outlive it.
process.on("disconnect", () => process.exit(0));

server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  reply({ type: "ready", port: (server.address() as AddressInfo).port, rssMb: toMb(process.memoryUsage().rss) });
});
