import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { seedDatabase } from "@/server/seed";
import { parseEncryptionKey } from "@/server/config";
import { createTestDatabase, type TestDatabase } from "./test-database";

export interface AppServer { baseUrl: string; process: ChildProcess; output: () => string; stop(): Promise<void> }

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** What several instances of one deployment share: the database and the secrets. */
export interface SharedDeployment { databaseUrl: string; authSecret: string; encryptionKey: string }

/**
 * The real product (server/main.ts on the production build) on a loopback port, on
 * a fresh PostgreSQL database seeded with the demo data when DATABASE_URL is set,
 * or on a fresh embedded database that seeds itself on start otherwise. With `shared`, it
 * joins an existing deployment instead (scale-out tests) and leaves its database alone.
 */
export async function startAppServer(options: { shared?: SharedDeployment; env?: Record<string, string> } = {}): Promise<AppServer> {
  const port = await freePort();
  const encryptionKey = options.shared?.encryptionKey ?? randomBytes(32).toString("hex");
  const authSecret = options.shared?.authSecret ?? randomBytes(32).toString("base64");
  const dataDir = mkdtempSync(path.join(tmpdir(), "fibre-ops-e2e-"));
  let database: TestDatabase | null = null;
  if (!options.shared && process.env.DATABASE_URL) {
    database = await createTestDatabase();
    await seedDatabase(database.handle, { scale: "demo", today: new Date(), reset: false, encryptionKey: parseEncryptionKey(encryptionKey) });
  }
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: {
      ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", BASE_URL: baseUrl, DATA_DIR: dataDir,
      DATABASE_URL: options.shared?.databaseUrl ?? database?.url ?? "", AUTH_SECRET: authSecret, APP_ENCRYPTION_KEY: encryptionKey,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on("data", (chunk: Buffer) => { output += chunk.toString(); });

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      await database?.drop();
      throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    }
    try {
      const response = await fetch(`${baseUrl}/sign-in`);
      if (response.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      await database?.drop();
      throw new Error(`server did not answer within 120 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    baseUrl,
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
