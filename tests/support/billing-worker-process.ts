/**
 * The job worker in a process of its own, so a test can kill -9 it mid-run (billing-run-crash.test.ts).
 * Reads the same environment as server/main.ts (DATABASE_URL or DATA_DIR, AUTH_SECRET,
 * APP_ENCRYPTION_KEY) plus, for the test only:
 *   BILLING_TEST_RUN_DATE     start that month's run through the office's path (startBillingRun)
 *   BILLING_TEST_BATCH_SIZE   customers per batch (small, so the run has many batches)
 *   BILLING_TEST_PAUSE_MS     pause after each committed batch, so the kill lands mid-run
 * Prints "progress <run> <done>/<total>" after each batch and "finished <run>" once the run is
 * done and its invoices delivered.
 */
import { closeRuntime, createRuntime } from "@/server/runtime";
import { startBillingRun } from "@/server/services/billing/billing-run-start";
import { getBillingRunDetail } from "@/server/services/billing/billing-run-activity";

const runtime = await createRuntime();
const pauseMs = Number(process.env.BILLING_TEST_PAUSE_MS ?? 0);
await runtime.jobs.startWorkers(runtime, {
  pollingIntervalSeconds: 0.5,
  reapIntervalSeconds: 1,
  orphanGraceSeconds: 1,
  settings: {
    billingRunBatchSize: Number(process.env.BILLING_TEST_BATCH_SIZE ?? 500),
    async onBillingRunProgress(progress) {
      console.log(`progress ${progress.runId} ${progress.done}/${progress.total}`);
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    },
  },
});

let runId: number | null = null;
const runDate = process.env.BILLING_TEST_RUN_DATE;
if (runDate) {
  const run = await startBillingRun(runtime, { realm: "system", userId: null, name: "crash test" }, { runDate });
  runId = run.id;
  console.log(`started ${run.id}`);
}
console.log("worker ready");

const watcher = setInterval(() => {
  void (async () => {
    const id = runId ?? Number(process.env.BILLING_TEST_RUN_ID ?? 0);
    if (!id) return;
    const run = await getBillingRunDetail(runtime, id);
    if (run.status === "done" && run.delivery.state === "delivered") {
      console.log(`finished ${run.id}`);
      clearInterval(watcher);
    }
  })().catch((error: unknown) => console.error("watching the run failed:", error));
}, 200);

process.on("SIGTERM", () => {
  void (async () => {
    clearInterval(watcher);
    await closeRuntime(runtime);
    process.exit(0);
  })();
});
