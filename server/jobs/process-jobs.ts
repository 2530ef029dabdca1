import type { Database } from "../db/client";
import type { JobRecord, JobSender } from "../services/background-jobs";
import type { ServiceDeps } from "../services/deps";
import { JobQueue, type JobQueueOptions } from "./job-queue";
import { QUEUES, SCHEDULES } from "./registry";

export type WorkerOptions = Partial<Omit<JobQueueOptions, "work" | "queues">>;

/**
 * The process's job queue, held by the composition root. Until `startWorkers` (server/main.ts,
 * a worker process in tests) it is a send-only queue made on first use: no handlers, no cron,
 * and its jobs wait for a worker, which is what route code in a test without a worker needs.
 */
export class ProcessJobs implements JobSender {
  private worker: JobQueue | null = null;
  private sendOnly: Promise<JobQueue> | null = null;

  constructor(private readonly db: Database) {}

  queue(): Promise<JobQueue> {
    if (this.worker) return Promise.resolve(this.worker);
    if (!this.sendOnly) {
      const starting = JobQueue.start(this.db, null, { queues: QUEUES, work: false });
      // A failed start (database down) must not be kept for the life of the process.
      starting.catch(() => {
        if (this.sendOnly === starting) this.sendOnly = null;
      });
      this.sendOnly = starting;
    }
    return this.sendOnly;
  }

  /** Starts the workers, cron schedules and orphan reaper; the handlers get `deps`. */
  async startWorkers(deps: ServiceDeps, options: WorkerOptions = {}): Promise<JobQueue> {
    if (this.worker) throw new Error("this process's job workers are already running");
    this.worker = await JobQueue.start(this.db, deps, { queues: QUEUES, schedules: SCHEDULES, ...options, work: true });
    return this.worker;
  }

  async send(queue: string, data: object, options?: { singletonKey?: string }): Promise<string | null> {
    return (await this.queue()).send(queue, data, options);
  }

  async jobsByKey(queue: string, singletonKey: string, limit?: number): Promise<JobRecord[]> {
    return (await this.queue()).jobsByKey(queue, singletonKey, limit);
  }

  /** Before the database closes: running jobs stop between units of work and go back to retry. */
  async stop(): Promise<void> {
    const worker = this.worker;
    const sendOnly = this.sendOnly;
    this.worker = null;
    this.sendOnly = null;
    await worker?.stop();
    await (await sendOnly?.catch(() => null))?.stop();
  }
}
