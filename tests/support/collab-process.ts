/**
 * The collaboration server in a process of its own, so a test can kill -9 it.
 * Reads the same environment as server/main.ts (DATABASE_URL or DATA_DIR, AUTH_SECRET, PORT).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRuntime } from "@/server/runtime";
import { createCollabServer } from "@/server/collab/collab-server";

const runtime = await createRuntime();
const collab = createCollabServer(runtime);
const server = http.createServer((_req, res) => res.writeHead(404).end());
server.on("upgrade", (req, socket, head) => collab.handleUpgrade(req, socket, head));
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(`collab ready on ${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => {
  void (async () => {
    await collab.close();
    server.closeAllConnections();
    server.close();
    await runtime.database.close();
    process.exit(0);
  })();
});
