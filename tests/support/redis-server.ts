import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "./app-server";

export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Starts again on the same port (after stop), empty, as a restarted cache would be. */
  start(): Promise<void>;
}

/**
 * A private redis-server on a free loopback port, keeping nothing on disk. `npm test`
 * installs Debian's redis-server when it is missing.
 */
export async function startTestRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const redis: TestRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      // Under `npm run test:dates` libfaketime is preloaded into every process, and Redis's allocator
      // cannot start with it (recursive clock_gettime); its expiries are relative, so the real clock is right for it.
      const { LD_PRELOAD: _faketime, ...env } = process.env;
      const proc = spawn(
        process.env.REDIS_SERVER_PATH ?? "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        { stdio: ["ignore", "pipe", "pipe"], env },
      );
      child = proc;
      let output = "";
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`redis-server did not start within 10 s:\n${output}`)), 10_000);
        proc.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes("Ready to accept connections")) {
            clearTimeout(timer);
            resolve();
          }
        });
        proc.once("error", (error) => {
          clearTimeout(timer);
          reject(error);
        });
        proc.once("exit", (code) => {
          clearTimeout(timer);
          reject(new Error(`redis-server exited with ${code}:\n${output}`));
        });
      });
      proc.removeAllListeners("exit");
    },
    async stop() {
      const proc = child;
      child = null;
      if (!proc || proc.exitCode !== null) return;
      const exited = new Promise((resolve) => proc.once("exit", resolve));
      proc.kill("SIGKILL");
      await exited;
    },
  };
  await redis.start();
  return redis;
}
