import PgBoss from "pg-boss";
import type { Database } from "../db/client";
import type { ServerConfig } from "../config";
import { createJobLiveness, type JobLiveness } from "./job-liveness";
import type { JobSettings } from "./job-settings";
import type { JobRecord, JobSender } from "../services/background-jobs";
import type { ServiceDeps } from "../services/deps";
import { driverClientOf, pgBossDb, type DriverClient } from "./pg-boss-db";

export interface JobContext {
  /** The composition root's dependencies, for the services a handler calls. */
  deps: ServiceDeps;
  db: Database;
  config: ServerConfig;
  queue: JobQueue;
  /** Aborted when the process stops: long handlers stop between units of work and are retried after the restart. */
  signal: AbortSignal;
  job: PgBoss.JobWithMetadata<unknown>;
  settings: JobSettings;
}

export interface QueueDefinition<T = unknown> {
  name: string;
  options: Omit<PgBoss.Queue, "name">;
  /** Validates the job's data before the handler sees it. */
  parse(data: unknown): T;
  /** Thin: calls services. What it returns is stored as the job's output. */
  handle(data: T, ctx: JobContext): Promise<object | void>;
}

export function defineQueue<T>(definition: QueueDefinition<T>): QueueDefinition {
  return definition;
}

/** A cron schedule: pg-boss sends `data` to the queue of the same name at each tick. */
export interface CronSchedule {
  queue: string;
  cron: string;
  tz: string;
  data?: object;
}

export interface JobQueueOptions {
  queues: readonly QueueDefinition[];
  schedules?: readonly CronSchedule[];
  /** false: send and read only (no workers, no cron, no maintenance), for a process that runs no jobs. */
  work: boolean;
  pollingIntervalSeconds?: number;
  /** How often to look for jobs left `active` by a dead worker. */
  reapIntervalSeconds?: number;
  /**
   * On PostgreSQL, a job fetched less than this long ago is left alone: its worker may not hold
   * its lock yet. (PGlite needs no grace: only this process can have fetched it.)
   */
  orphanGraceSeconds?: number;
  settings?: JobSettings;
}

const SCHEMA = "pgboss";

export class JobQueue implements JobSender {
  private readonly abort = new AbortController();
  private readonly workerIds = new Map<string, string>();
  private reaper: NodeJS.Timeout | null = null;
  private stopped = false;

  private constructor(
    readonly db: Database,
    /** Null for a send-only queue: it runs no handlers. */
    private readonly deps: ServiceDeps | null,
    private readonly boss: PgBoss,
    private readonly liveness: JobLiveness,
    private readonly options: JobQueueOptions,
  ) {}

  static async start(db: Database, deps: ServiceDeps | null, options: JobQueueOptions): Promise<JobQueue> {
    if (options.work && !deps) throw new Error("a job queue that runs jobs needs the services' dependencies");
    const client = driverClientOf(db);
    // Instances starting together take turns (setUpOneAtATime); should another writer still race
    // them, the loser gets a unique violation, "already exists" or a deadlock (each queue is a
    // partition created under locks) and simply tries again, by which time the winner is done.
    const boss = await setUpOneAtATime(client, async () => {
      for (let attempt = 1; ; attempt++) {
        const candidate = new PgBoss({
          db: pgBossDb(db),
          schema: SCHEMA,
          supervise: options.work,
          schedule: options.work,
          migrate: true,
        });
        candidate.on("error", (error) => console.error("job queue:", error));
        try {
          await candidate.start();
          for (const definition of options.queues) {
            await candidate.createQueue(definition.name, { name: definition.name, ...definition.options });
            await candidate.updateQueue(definition.name, { name: definition.name, ...definition.options });
          }
          return candidate;
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (attempt >= 8 || !["23505", "42P06", "42P07", "40P01", "40001"].includes(code ?? "")) throw error;
          await candidate.stop({ graceful: false, wait: true }).catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, 250 * attempt + Math.random() * 250));
        }
      }
    });
    const queue = new JobQueue(db, deps, boss, createJobLiveness(client), options);
    if (options.work) await queue.startWorking(client.driver);
    return queue;
  }

  private async startWorking(driver: "pg" | "pglite") {
    const registered = new Set(this.options.schedules?.map((s) => s.queue));
    for (const schedule of await this.boss.getSchedules())
      if (!registered.has(schedule.name)) await this.boss.unschedule(schedule.name);
    for (const s of this.options.schedules ?? []) await this.boss.schedule(s.queue, s.cron, s.data ?? {}, { tz: s.tz });
    // Orphans first, so a run interrupted by a crash resumes before anything new starts.
    const grace = driver === "pglite" ? 0 : (this.options.orphanGraceSeconds ?? 10);
    await this.reapOrphans(grace);
    this.reaper = setInterval(
      () =>
        void this.reapOrphans(grace).catch((error: unknown) =>
          console.error("job queue: reaping orphans failed:", error),
        ),
      (this.options.reapIntervalSeconds ?? 15) * 1000,
    );
    this.reaper.unref();
    for (const definition of this.options.queues) {
      const id = await this.boss.work(
        definition.name,
        { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2 },
        async ([job]) => (job ? this.runJob(definition, job) : undefined),
      );
      this.workerIds.set(definition.name, id);
    }
  }

  private async runJob(definition: QueueDefinition, job: PgBoss.JobWithMetadata<unknown>) {
    const deps = this.deps;
    if (!deps) throw new Error("a send-only job queue runs no jobs");
    await this.liveness.hold(job.id);
    try {
      const data = definition.parse(job.data);
      const output =
        (await definition.handle(data, {
          deps,
          db: this.db,
          config: deps.config,
          queue: this,
          signal: this.abort.signal,
          job,
          settings: this.options.settings ?? {},
        })) ?? {};
      // Complete while the lock is still held: pg-boss's own completion is not awaited, and a
      // reaper that saw the job active and unheld in between would run it a second time.
      await this.boss.complete(definition.name, job.id, output);
      return output;
    } finally {
      await this.liveness.release(job.id);
    }
  }

  /** Hands jobs left `active` by a dead worker back to pg-boss, which retries them (or fails them past their retry limit). */
  async reapOrphans(graceSeconds: number): Promise<number> {
    if (this.stopped) return 0;
    const names = this.options.queues.map((q) => q.name);
    const { rows } = await pgBossDb(this.db).executeSql(
      `select id::text as id, name from ${SCHEMA}.job where state = 'active' and name = any($1::text[]) and started_on < now() - $2::int * interval '1 second'`,
      [names, graceSeconds],
    );
    const active = rows as Array<{ id: string; name: string }>;
    const orphans = new Set(await this.liveness.orphansAmong(active.map((r) => r.id)));
    for (const job of active.filter((r) => orphans.has(r.id))) {
      await this.boss.fail(job.name, job.id, {
        message: "the worker stopped before finishing (crash or kill); retried",
      });
    }
    return orphans.size;
  }

  /** Queues a job; null when the queue's policy refused a duplicate (same singleton key already queued). */
  async send(queue: string, data: object, options: { singletonKey?: string } = {}): Promise<string | null> {
    const id = await this.boss.send(queue, data, options);
    // A follow-up sent from this process starts now instead of at the next poll.
    const worker = this.workerIds.get(queue);
    if (id && worker) this.boss.notifyWorker(worker);
    return id;
  }

  /** Jobs of a queue with this singleton key, newest first, including archived (finished) ones. */
  async jobsByKey(queue: string, singletonKey: string, limit = 5): Promise<JobRecord[]> {
    const columns = "id::text as id, state::text as state, data, output, retry_count, retry_limit, created_on";
    const { rows } = await pgBossDb(this.db).executeSql(
      `select * from (select ${columns} from ${SCHEMA}.job where name = $1 and singleton_key = $2
         union all select ${columns} from ${SCHEMA}.archive where name = $1 and singleton_key = $2) j
       order by created_on desc limit $3::int`,
      [queue, singletonKey, limit],
    );
    return (rows as Array<Record<string, unknown>>).map((r) => ({
      id: r.id as string,
      state: r.state as JobRecord["state"],
      data: (r.data ?? {}) as Record<string, unknown>,
      output: (r.output ?? null) as Record<string, unknown> | null,
      retryCount: Number(r.retry_count),
      retryLimit: Number(r.retry_limit),
      createdOn: new Date(r.created_on as string | Date),
    }));
  }

  /** The cron schedules installed in the database. */
  async schedules(): Promise<Array<{ name: string; cron: string; timezone: string }>> {
    return (await this.boss.getSchedules()) as unknown as Array<{ name: string; cron: string; timezone: string }>;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.reaper) clearInterval(this.reaper);
    this.abort.abort();
    // Graceful: handlers see the abort, stop between units of work, and their jobs go back to retry.
    await this.boss.stop({ graceful: true, wait: true, timeout: 20_000, close: false });
    await this.liveness.close();
  }
}

const JOB_QUEUE_SETUP_LOCK_ID = 7_420_002;

/**
 * Runs pg-boss's setup (schema, queues) in one instance at a time, under a session advisory lock on
 * PostgreSQL. Two instances creating queue partitions together deadlock each other, and recovering
 * then waits on the server's deadlock timer; taking turns costs nothing and never deadlocks.
 * PGlite has one connection and one process: nothing to serialize.
 */
async function setUpOneAtATime<T>(client: DriverClient, setUp: () => Promise<T>): Promise<T> {
  if (client.driver !== "pg") return setUp();
  const session = await client.pool.connect();
  try {
    await session.query("select pg_advisory_lock($1)", [JOB_QUEUE_SETUP_LOCK_ID]);
    try {
      return await setUp();
    } finally {
      await session.query("select pg_advisory_unlock($1)", [JOB_QUEUE_SETUP_LOCK_ID]);
    }
  } finally {
    session.release();
  }
}
