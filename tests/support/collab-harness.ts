import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import type { Runtime } from "@/server/runtime";
import { createCollabServer, type CollabServer } from "@/server/collab/collab-server";
import { signCollabToken } from "@/server/collab/tokens";
import { staffUsers } from "@/server/db/schema";

/** A board token for the demo staff account with this email, as `/api/collab/token` issues it. */
export async function collabTokenFor(runtime: Pick<Runtime, "db" | "config">, email: string): Promise<string> {
  const [user] = await runtime.db.select().from(staffUsers).where(eq(staffUsers.email, email));
  if (!user) throw new Error(`no staff account ${email} in the demo data`);
  return signCollabToken(user.id, runtime.config.authSecret);
}

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
