import http from "node:http";
import next from "next";
import { loadConfigOrExit } from "./config";
import { closeRuntime, createRuntime, setRuntime } from "./runtime";
import { prepareDatabaseOnStart } from "./seed/auto-seed";
import { COLLAB_PATH, createCollabServer } from "./collab/collab-server";
import { REALTIME_PATH } from "./realtime/events";
import { createRealtimeServer } from "./realtime/realtime-server";
import { createRedisScaleOut } from "./scale/redis-scale-out";
import { TraccarFeed } from "./services/gps/traccar-feed";
import { createOsmAndHandler } from "./gps/osmand-http";
import { FixIngestor } from "./services/gps/fix-ingestor";
import { createRadiusHandler } from "./radius/radius-http";
import { createTrackingGoneHandler } from "./web/tracking-gone";
import { createFrontDoor } from "./web/front-door";

/**
 * One process: HTTP → Next, WebSocket /collab → Hocuspocus (the live boards), /realtime →
 * Socket.IO (live positions). With REDIS_URL, several such processes serve the same boards.
 */
const dev = process.argv.includes("--dev");
const config = loadConfigOrExit();
const runtime = await createRuntime(config);
setRuntime(runtime);
await prepareDatabaseOnStart(runtime);
const scaleOut = config.redisUrl
  ? createRedisScaleOut(config.redisUrl, runtime.events.dispatchJobs, runtime.events.staffAccess)
  : null;
const collab = createCollabServer(runtime, { extensions: scaleOut ? [scaleOut.boardsExtension] : [] });
// Billing runs, their delivery and the monthly schedule; a run cut short by a crash resumes here.
await runtime.jobs.startWorkers(runtime);
// Suspensions and reactivations reach the NAS (Disconnect-Request) once committed, from any instance.
await runtime.radiusChanges.start();

const app = next({ dev, dir: process.cwd(), hostname: config.host, port: config.port });
await app.prepare();
const handleRequest = app.getRequestHandler();
const handleUpgrade = app.getUpgradeHandler();

// One bounded, batched GPS write queue for every source: trackers, browsers and Traccar.
const gpsIngestor = new FixIngestor(runtime);
const osmAnd = createOsmAndHandler(runtime, { ingestor: gpsIngestor });
const radiusApi = createRadiusHandler(runtime);
const trackingGone = createTrackingGoneHandler(runtime);
// The client's address from the socket (route handlers see none) and the security headers of every answer.
const frontDoor = createFrontDoor({
  baseUrl: config.baseUrl,
  trustedProxyHops: config.trustedProxyHops,
  dev,
  mapbox: Boolean(process.env.NEXT_PUBLIC_MAPBOX_TOKEN),
});
const server = http.createServer((req, res) => {
  frontDoor(req, res);
  if (osmAnd.handle(req, res)) return;
  if (radiusApi.handle(req, res)) return;
  trackingGone
    .handle(req, res)
    .then((answered) => (answered ? undefined : handleRequest(req, res)))
    .catch((error: unknown) => {
      console.error("request failed", req.url, error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal error");
    });
});
const realtime = createRealtimeServer(runtime, server, { ingestor: gpsIngestor });
scaleOut?.attach(realtime.io);
const traccarFeed = config.traccar
  ? new TraccarFeed(runtime, {
      baseUrl: config.traccar.url,
      email: config.traccar.email,
      password: config.traccar.password,
      ingestor: gpsIngestor,
      onStatus: (status) => {
        runtime.events.traccarFeed.update(status);
        realtime.io.emit("feed:status", status);
      },
    })
  : null;
if (traccarFeed) runtime.events.traccarFeed.update(traccarFeed.status());
traccarFeed?.start();

server.on("upgrade", (req, socket, head) => {
  const path = (req.url ?? "").split("?")[0];
  if (path === COLLAB_PATH || path?.startsWith(`${COLLAB_PATH}/`)) collab.handleUpgrade(req, socket, head);
  // Socket.IO listens for its own upgrades on this server.
  else if (path?.startsWith(`${REALTIME_PATH}/`)) return;
  else void handleUpgrade(req, socket, head);
});

server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  console.log(`fibre-ops listening on http://${config.host}:${port} (${runtime.database.driver}${dev ? ", dev" : ""})`);
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing`);
  server.close();
  // Every acknowledged edit is already in the update log; storing compacts it and
  // flushes the last edits to the job tables.
  await collab.close().catch((error: unknown) => console.error("storing boards failed:", error));
  await osmAnd.drain().catch((error: unknown) => console.error("storing the last positions failed:", error));
  await realtime.close();
  await traccarFeed?.stop();
  // Positions shared by browsers or Traccar since the endpoint drained.
  await gpsIngestor.drain().catch((error: unknown) => console.error("storing the last positions failed:", error));
  await scaleOut?.close().catch((error: unknown) => console.error("closing redis failed:", error));
  server.closeAllConnections();
  // Running jobs stop between units of work and go back to retry, then the database closes.
  await closeRuntime(runtime).catch((error: unknown) =>
    console.error("stopping the jobs or the database failed:", error),
  );
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
