/**
 * The product's RADIUS endpoints alone, as server/main.ts serves them ahead of Next, in their own
 * process for `npm run bench -- radius`: a runtime over DATABASE_URL (configured from the
 * environment like the product) and createRadiusHandler on 127.0.0.1. Prints "listening <port>".
 */
import http from "node:http";
import { loadConfigOrExit } from "../../server/config";
import { createRadiusHandler } from "../../server/radius/radius-http";
import { closeRuntime, createRuntime } from "../../server/runtime";

const runtime = await createRuntime(loadConfigOrExit());
const handler = createRadiusHandler(runtime);
const server = http.createServer((req, res) => {
  if (!handler.handle(req, res)) res.writeHead(404).end();
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  void closeRuntime(runtime).finally(() => process.exit(0));
});
