import type { DriverClient, PgPool } from "./pg-boss-db";

/**
 * Who is still working on an `active` job. pg-boss 10 keeps no heartbeat: a worker killed with
 * kill -9 leaves its job `active` until the job's expiry (an hour for a billing run), so the
 * job system asks this instead and hands orphans back to pg-boss's retry at once.
 *
 * - PostgreSQL: while a handler runs, this process holds a session advisory lock keyed by the
 *   job id on a connection of its own. The server drops the locks of a dead process's
 *   connections as soon as the socket closes, so "active with no lock" means nobody works on it,
 *   in this process or any other instance.
 * - PGlite: the data directory opens in one process only, so the jobs this process runs are
 *   the only live ones.
 */
export interface JobLiveness {
  hold(jobId: string): Promise<void>;
  release(jobId: string): Promise<void>;
  /** The ids among `jobIds` that no live worker holds. */
  orphansAmong(jobIds: string[]): Promise<string[]>;
  close(): Promise<void>;
}

/** Advisory lock keys must be integers: 52 bits of the uuid, which fit a JS number and an int8. */
function lockKey(jobId: string): [number, number] {
  const key = parseInt(jobId.replace(/-/g, "").slice(0, 13), 16);
  // pg_locks shows a one-key lock as classid = high 32 bits, objid = low 32 bits.
  return [Math.floor(key / 2 ** 32), key % 2 ** 32];
}

function bigintKey(jobId: string): string {
  const [high, low] = lockKey(jobId);
  return String(high * 2 ** 32 + low);
}

class InProcessLiveness implements JobLiveness {
  protected readonly held = new Set<string>();
  hold(jobId: string): Promise<void> {
    this.held.add(jobId);
    return Promise.resolve();
  }
  release(jobId: string): Promise<void> {
    this.held.delete(jobId);
    return Promise.resolve();
  }
  orphansAmong(jobIds: string[]): Promise<string[]> {
    return Promise.resolve(jobIds.filter((id) => !this.held.has(id)));
  }
  close(): Promise<void> {
    this.held.clear();
    return Promise.resolve();
  }
}

class AdvisoryLockLiveness extends InProcessLiveness {
  // The promise, not the connection, is kept: workers of several queues may ask at once.
  private connection: Promise<PgPool & { release(): void }> | null = null;
  constructor(private readonly pool: PgPool) {
    super();
  }

  private lockConnection() {
    this.connection ??= this.pool.connect().catch((error: unknown) => {
      this.connection = null;
      throw error;
    });
    return this.connection;
  }

  override async hold(jobId: string) {
    const { rows } = await (
      await this.lockConnection()
    ).query("select pg_try_advisory_lock($1::bigint) as locked", [bigintKey(jobId)]);
    if (!(rows[0] as { locked: boolean }).locked) throw new Error(`job ${jobId} is already held by another worker`);
    await super.hold(jobId);
  }

  override async release(jobId: string) {
    if (!this.held.has(jobId)) return;
    await super.release(jobId);
    await (await this.lockConnection()).query("select pg_advisory_unlock($1::bigint)", [bigintKey(jobId)]);
  }

  override async orphansAmong(jobIds: string[]) {
    const candidates = await super.orphansAmong(jobIds);
    if (candidates.length === 0) return [];
    const { rows } = await this.pool.query(
      `select classid::bigint as high, objid::bigint as low from pg_locks
       where locktype = 'advisory' and objsubid = 1 and granted and database = (select oid from pg_database where datname = current_database())`,
    );
    const held = new Set((rows as Array<{ high: string; low: string }>).map((r) => `${r.high}:${r.low}`));
    return candidates.filter((id) => !held.has(lockKey(id).join(":")));
  }

  override async close() {
    await super.close();
    // Releasing the connection would hand its session locks to the next borrower: end it instead.
    const connection = (await this.connection?.catch(() => null)) as unknown as {
      release(destroy?: boolean): void;
    } | null;
    connection?.release(true);
    this.connection = null;
  }
}

export function createJobLiveness(client: DriverClient): JobLiveness {
  return client.driver === "pg" ? new AdvisoryLockLiveness(client.pool) : new InProcessLiveness();
}
