import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { addMonths } from "@/lib/domain/billing";
import { openDatabase, type DatabaseHandle } from "@/server/db/client";
import { migrateDatabase } from "@/server/db/migrate";
import { billingRuns } from "@/server/db/schema";
import { seedDatabase, seedDay } from "@/server/seed";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { dueSubscriptionCount, periodLinesPerSubscription, runInvoiceNumbers } from "../support/billing-run-helpers";
import { productProcessEnv } from "../support/child-env";

/**
 * kill -9 of the worker process in the middle of a billing run, then a restart: the run must
 * resume and end with every due subscription invoiced exactly once. PostgreSQL when
 * DATABASE_URL is set, otherwise a file-backed PGlite directory (opened by the test only while
 * no worker process runs: PGlite allows one process).
 */
const authSecret = randomBytes(32).toString("base64");
const encryptionKey = randomBytes(32).toString("hex");
const dataDir = mkdtempSync(path.join(tmpdir(), "fibre-ops-billing-crash-"));
const runDate = addMonths(`${seedDay(new Date()).slice(0, 7)}-01`, 1);
let testDatabase: TestDatabase | null = null;
const spawned: ChildProcess[] = [];

async function withDatabase<T>(work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  if (testDatabase) return work(testDatabase.handle);
  const handle = await openDatabase({ pgliteDir: path.join(dataDir, "pglite") });
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}

interface Worker {
  child: ChildProcess;
  output: () => string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

function startWorker(env: Record<string, string>): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/billing-worker-process.ts"], {
    env: productProcessEnv({
      DATABASE_URL: testDatabase?.url ?? "",
      DATA_DIR: dataDir,
      AUTH_SECRET: authSecret,
      APP_ENCRYPTION_KEY: encryptionKey,
      BILLING_TEST_BATCH_SIZE: "2",
      BILLING_TEST_PAUSE_MS: "40",
      ...env,
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  spawned.push(child);
  let output = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  return {
    child,
    output: () => output,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) {
            cleanup();
            resolve(match);
          }
        };
        const onExit = () => {
          cleanup();
          reject(new Error(`worker exited before printing ${pattern}:\n${output}`));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${pattern}:\n${output}`));
        }, timeoutMs);
        const cleanup = () => {
          listeners.delete(check);
          child.off("exit", onExit);
          clearTimeout(timer);
        };
        listeners.add(check);
        child.once("exit", onExit);
        check();
      });
    },
  };
}

async function stop(worker: Worker, signal: NodeJS.Signals) {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  const exited = new Promise((resolve) => worker.child.once("exit", resolve));
  worker.child.kill(signal);
  await exited;
}

beforeAll(async () => {
  const seed = (handle: DatabaseHandle) =>
    seedDatabase(handle, {
      scale: "demo",
      today: new Date(),
      reset: false,
      encryptionKey: Buffer.from(encryptionKey, "hex"),
    });
  if (process.env.DATABASE_URL) {
    testDatabase = await createTestDatabase();
    await seed(testDatabase.handle);
  } else {
    await withDatabase(async (handle) => {
      await migrateDatabase(handle);
      await seed(handle);
    });
  }
});

afterAll(async () => {
  // A failed assertion must not leave a worker behind.
  for (const child of spawned) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await testDatabase?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("kill -9 of the job worker during a billing run", () => {
  it("resumes after the restart and invoices every due subscription exactly once", { timeout: 180_000 }, async () => {
    const first = startWorker({ BILLING_TEST_RUN_DATE: runDate });
    const runId = Number((await first.waitFor(/started (\d+)/))[1]);
    // The initial report, then three committed batches: the kill lands mid-run.
    await first.waitFor(/(?:progress \d+ \d+\/\d+\n[^]*){4}/);
    await stop(first, "SIGKILL");
    expect(first.output()).not.toMatch(/finished/);

    const due = await withDatabase((h) => dueSubscriptionCount(h.db, runDate));
    const [interrupted, partial] = await withDatabase(
      async (h) =>
        [
          (await h.db.select().from(billingRuns).where(eq(billingRuns.id, runId)))[0],
          await periodLinesPerSubscription(h.db, runDate),
        ] as const,
    );
    expect(interrupted).toMatchObject({ status: "running", finishedAt: null });
    expect(interrupted!.batchesCommitted).toBeGreaterThanOrEqual(3);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(due);

    const second = startWorker({ BILLING_TEST_RUN_ID: String(runId) });
    await second.waitFor(new RegExp(`finished ${runId}`), 90_000);
    await stop(second, "SIGTERM");
    expect(second.child.exitCode).toBe(0);

    await withDatabase(async (h) => {
      const [run] = await h.db.select().from(billingRuns).where(eq(billingRuns.id, runId));
      expect(run).toMatchObject({
        status: "done",
        totalSubscriptions: due,
        invoicedSubscriptions: due,
        lastError: null,
      });
      // The second worker went on from where the first stopped: it did not start over.
      expect(run!.batchesCommitted).toBeGreaterThan(interrupted!.batchesCommitted);
      const perSub = await periodLinesPerSubscription(h.db, runDate);
      expect(perSub).toHaveLength(due);
      expect(perSub.filter((r) => r.n !== 1)).toEqual([]);
      const numbers = await runInvoiceNumbers(h.db, runDate);
      expect(numbers.repeated).toBe(0);
      expect(numbers.count).toBe(run!.invoicesCreated);
    });
  });
});
