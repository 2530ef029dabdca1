import type { Database } from "../db/client";
import type { ServerConfig } from "../config";
import { JobQueue, type JobQueueOptions } from "./job-queue";
import { QUEUES, SCHEDULES } from "./registry";

/**
 * The process's job queue, shared with route code the way server/runtime.ts shares the
 * database: Next bundles routes apart from server/main.ts, so a module-level variable would
 * exist twice. Route code asks for the queue of its ctx.db: the worker's queue when the worker
 * runs on that database, otherwise a send-only queue (no workers, no cron), e.g. in tests that
 * call routers without a worker; its jobs wait for a worker.
 */
const HOLDER_KEY = Symbol.for("fibre-ops.jobs");
type Holder = { [HOLDER_KEY]?: { worker: JobQueue | null; sendOnly: WeakMap<Database, Promise<JobQueue>> } };

function holder() {
  const global = globalThis as Holder;
  global[HOLDER_KEY] ??= { worker: null, sendOnly: new WeakMap() };
  return global[HOLDER_KEY];
}

/** Starts the workers, cron schedules and orphan reaper on this database (server/main.ts, worker processes in tests). */
export async function startJobs(db: Database, config: ServerConfig, options: Partial<Omit<JobQueueOptions, "work">> = {}): Promise<JobQueue> {
  const queue = await JobQueue.start(db, config, { queues: QUEUES, schedules: SCHEDULES, ...options, work: true });
  holder().worker = queue;
  return queue;
}

export async function stopJobs(): Promise<void> {
  const current = holder();
  const worker = current.worker;
  current.worker = null;
  await worker?.stop();
}

/** `config` may be left out by code that only sends (a send-only queue runs no handlers). */
export function jobQueueFor(db: Database, config: ServerConfig | null = null): Promise<JobQueue> {
  const current = holder();
  if (current.worker && current.worker.db === db) return Promise.resolve(current.worker);
  let queue = current.sendOnly.get(db);
  if (!queue) {
    queue = JobQueue.start(db, config, { queues: QUEUES, work: false });
    // A failed start (database down) must not be cached for the life of the process.
    queue.catch(() => current.sendOnly.delete(db));
    current.sendOnly.set(db, queue);
  }
  return queue;
}
