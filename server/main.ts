import http from "node:http";
import next from "next";
import { loadConfig } from "./config";
import { createRuntime, setRuntime } from "./runtime";
import { seedDemoIfEmpty } from "./seed/auto-seed";

/**
 * One process: HTTP → Next. Later issues mount /collab (Hocuspocus) and /realtime
 * (Socket.IO) on the same server's upgrade event.
 */
const dev = process.argv.includes("--dev");
const config = loadConfig();
const runtime = await createRuntime(config);
setRuntime(runtime);
await seedDemoIfEmpty(runtime);

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
  void handleUpgrade(req, socket, head);
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
  server.closeAllConnections();
  await runtime.database.close();
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
