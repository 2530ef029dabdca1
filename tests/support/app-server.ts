import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { createTestDatabase, type TestDatabase } from "./test-database";
import type { SeedTemplate } from "./seed-template";
import { productProcessEnv } from "./child-env";

export interface AppServer {
  baseUrl: string;
  process: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** What several instances of one deployment share: the database and the secrets. */
export interface SharedDeployment {
  databaseUrl: string;
  authSecret: string;
  encryptionKey: string;
}

/**
 * The real product (server/main.ts on the production build) on a loopback port, on
 * a fresh PostgreSQL database seeded with the demo data when DATABASE_URL is set,
 * or on a fresh embedded database otherwise. Both start from a copy of the run's seeded template
 * where the project made one (tests/support/seed-template-e2e.ts); elsewhere the PostgreSQL copy
 * is seeded here and the embedded database seeds itself on start. With `shared`, it
 * joins an existing deployment instead (scale-out tests) and leaves its database alone.
 */
export async function startAppServer(
  options: { shared?: SharedDeployment; env?: Record<string, string> } = {},
): Promise<AppServer> {
  const authSecret = options.shared?.authSecret ?? randomBytes(32).toString("base64");
  const dataDir = mkdtempSync(path.join(tmpdir(), "fibre-ops-e2e-"));
  const database: TestDatabase | null =
    !options.shared && process.env.DATABASE_URL ? await createTestDatabase({ seeded: true }) : null;
  // The embedded database is a directory under DATA_DIR: a copy of the seeded one skips the seeding on start.
  const pgliteTemplate = !options.shared && !process.env.DATABASE_URL ? seededPgliteDataDir() : null;
  if (pgliteTemplate) cpSync(pgliteTemplate.dir, path.join(dataDir, "pglite"), { recursive: true });
  const encryptionKey =
    options.shared?.encryptionKey ??
    database?.encryptionKey?.toString("hex") ??
    pgliteTemplate?.encryptionKeyHex ??
    randomBytes(32).toString("hex");
  const spawnOn = (port: number) =>
    spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      env: productProcessEnv({
        NODE_ENV: "production",
        PORT: String(port),
        HOST: "127.0.0.1",
        BASE_URL: `http://127.0.0.1:${port}`,
        DATA_DIR: dataDir,
        DATABASE_URL: options.shared?.databaseUrl ?? database?.url ?? "",
        AUTH_SECRET: authSecret,
        APP_ENCRYPTION_KEY: encryptionKey,
        ...options.env,
      }),
      stdio: ["ignore", "pipe", "pipe"],
    });

  let baseUrl = "";
  let child: ChildProcess | null = null;
  let output = "";
  // The free port can be taken by another process before the server binds it: then try another.
  for (let attempt = 1; child === null; attempt++) {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const candidate = spawnOn(port);
    output = "";
    candidate.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    candidate.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const outcome = await untilAnswering(candidate, baseUrl);
    if (outcome === "answering") child = candidate;
    else if (outcome === "exited" && output.includes("EADDRINUSE") && attempt < 3) continue;
    else {
      candidate.kill("SIGKILL");
      await database?.drop();
      throw new Error(
        outcome === "exited"
          ? `server exited with ${candidate.exitCode}:\n${output}`
          : `server did not answer within ${STARTUP_LIMIT_MS / 1000} s:\n${output}`,
      );
    }
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

/** The run's seeded PGlite data directory and its key, when the project's global setup made one. */
function seededPgliteDataDir(): { dir: string; encryptionKeyHex: string } | null {
  const template = inject("seedTemplate") as SeedTemplate | undefined;
  return template?.pgliteDataDir ? { dir: template.pgliteDataDir, encryptionKeyHex: template.encryptionKeyHex } : null;
}

/**
 * A hang guard, under the e2e project's hook timeout (240 s): two files start their servers at
 * once (tsx and Next's start on shared cores), and a loaded machine took over 120 s to answer.
 */
const STARTUP_LIMIT_MS = 200_000;

async function untilAnswering(child: ChildProcess, baseUrl: string): Promise<"answering" | "exited" | "timeout"> {
  const deadline = Date.now() + STARTUP_LIMIT_MS;
  for (;;) {
    if (child.exitCode !== null) return "exited";
    try {
      const response = await fetch(`${baseUrl}/sign-in`);
      if (response.ok) return "answering";
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) return "timeout";
    await new Promise((r) => setTimeout(r, 250));
  }
}
