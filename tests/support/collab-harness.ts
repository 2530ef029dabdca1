import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Runtime } from "@/server/runtime";
import { createCollabServer, type CollabServer } from "@/server/collab/collab-server";

/** The collaboration server alone (no Next) on a loopback port, as server/main.ts mounts it. */
export async function startCollabHarness(
  runtime: Runtime,
  options: Parameters<typeof createCollabServer>[1] = {},
): Promise<{ url: string; collab: CollabServer; stop(): Promise<void> }> {
  const collab = createCollabServer(runtime, options);
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on("upgrade", (req, socket, head) => collab.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/collab`,
    collab,
    async stop() {
      await collab.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
