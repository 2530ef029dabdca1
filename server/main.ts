import http from "node:http";
import next from "next";
import { loadConfig } from "./config";
import { createRuntime, setRuntime } from "./runtime";
import { seedDemoIfEmpty } from "./seed/auto-seed";
import { COLLAB_PATH, createCollabServer } from "./collab/collab-server";

/**
 * One process: HTTP → Next, WebSocket /collab → Hocuspocus (the live boards).
 * /realtime (Socket.IO) joins them on the same upgrade event in a later issue.
 */
const dev = process.argv.includes("--dev");
const config = loadConfig();
const runtime = await createRuntime(config);
setRuntime(runtime);
await seedDemoIfEmpty(runtime);
const collab = createCollabServer(runtime);

const app = next({ dev, dir: process.cwd(), hostname: config.host, port: config.port });
await app.prepare();
const handleRequest = app.getRequestHandler();
const handleUpgrade = app.getUpgradeHandler();

const server = http.createServer((req, res) => {
  handleRequest(req, res).catch((error: unknown) => {
    console.error("request failed", req.url, error);
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
    res.end("Internal error");
  });
});
server.on("upgrade", (req, socket, head) => {
  const path = (req.url ?? "").split("?")[0];
  if (path === COLLAB_PATH || path?.startsWith(`${COLLAB_PATH}/`)) collab.handleUpgrade(req, socket, head);
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
  server.closeAllConnections();
  await runtime.database.close();
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
