/**
 * The OsmAnd hot path: hundreds of fixes a second. Two things make it cheap:
 * - **Positions are announced before they are written.** Each technician's latest fix time
 *   is kept in memory (loaded once from the table), so a newer fix is emitted at once; the
 *   write follows. The device's HTTP answer still waits for the write, so an acknowledged fix
 *   is stored, and the table's conditional upsert stays the authority on the latest position.
 * - **Writes are batched:** fixes arriving within `maxDelayMs` (20 ms) share one statement
 *   (writeFixes: the positions' insert and the latest positions' upsert in one round trip).
 *   A round trip costs the process far more than a row, so at 500 fixes/s (bench/gps.ts) the
 *   window makes 50 statements a second instead of about 170. A tracker's answer comes up to
 *   20 ms later; the dispatchers do not wait for the write, they got the position already.
 *   One statement runs at a time: what arrives during a write waits for the next one (group
 *   commit), so a slower database makes batches larger, not statements more numerous. Every
 *   accepted fix is stored (the track is history); only the latest-position upsert is
 *   coalesced, one row per technician per statement.
 * - **Bounded:** at most `maxQueued` fixes wait or are being written. Beyond that a fix is
 *   refused (FixQueueFullError: the endpoint answers 503 with Retry-After) before it is
 *   announced or queued, so overload costs a retry on the tracker, which keeps its own buffer,
 *   never memory here or a fix acknowledged and then lost.
 * With several instances, each keeps its own memory; a device normally reports to one of
 * them, and the table decides if two disagree.
 */
import { inArray } from "drizzle-orm";
import type { GpsFix } from "../../../lib/domain/gps/fix";
import { technicianLatestPositions } from "../../db/schema";
import type { GpsDevice } from "./devices";
import type { ServiceDeps } from "../deps";
import { fixKey, writeFixes } from "./record-fixes";

const DEFAULT_MAX_DELAY_MS = 20;
/**
 * One statement at a time: its size is what bounds throughput when the database is slow (500 rows
 * a statement capped a 2,000-technician fleet once a statement took over 250 ms). 2,000 rows are
 * a few hundred kB of parameters, one second of that fleet.
 */
const DEFAULT_MAX_BATCH = 2_000;
/** About 5 s of a 2,000-technician fleet at 1 Hz, a few MB: a database stalled longer than that pushes back. */
const DEFAULT_MAX_QUEUED = 10_000;
const RETRY_AFTER_S = 1;

/** The write queue is full: nothing was accepted, the sender should try again after `retryAfterS`. */
export class FixQueueFullError extends Error {
  constructor(readonly retryAfterS: number) {
    super(`the GPS write queue is full; send the fix again in ${retryAfterS} s`);
    this.name = "FixQueueFullError";
  }
}

type Device = Pick<GpsDevice, "id" | "technicianId" | "source">;
interface Pending {
  device: Device;
  fix: GpsFix;
  /** performance.now() when queued: the batching window counts from the oldest waiting fix. */
  at: number;
  resolve(result: { stored: boolean }): void;
  reject(error: unknown): void;
}

export class FixIngestor {
  private readonly latest = new Map<number, number>();
  /** Technicians whose latest fix time is being read, each with the read that brings it. */
  private readonly loading = new Map<number, Promise<void>>();
  /** The read still gathering technicians (it starts on the next turn), and the last one started. */
  private gathering: { ids: Set<number>; read: Promise<void> } | null = null;
  private lastRead: Promise<void> | null = null;
  private pending: Pending[] = [];
  /** Fixes in the statement being written. */
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private readonly maxBatch: number;
  private readonly maxDelayMs: number;
  private readonly maxQueued: number;

  constructor(
    private readonly deps: Pick<ServiceDeps, "db" | "events">,
    options: { maxBatch?: number; maxDelayMs?: number; maxQueued?: number } = {},
  ) {
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    this.maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    this.maxQueued = options.maxQueued ?? DEFAULT_MAX_QUEUED;
  }

  /** Fixes accepted and not yet written. */
  get queued(): number {
    return this.pending.length + this.inFlight;
  }

  /**
   * Queues a fix and resolves once it is written; throws FixQueueFullError, having accepted
   * nothing, when the queue is full.
   */
  async submit(device: Device, fix: GpsFix): Promise<{ stored: boolean }> {
    this.refuseWhenFull();
    if (device.technicianId !== null && !this.latest.has(device.technicianId))
      await this.knowLatest(device.technicianId);
    // Checked again: the queue may have filled while the latest fix time loaded.
    this.refuseWhenFull();
    if (device.technicianId !== null) {
      const known = this.latest.get(device.technicianId) ?? Number.NEGATIVE_INFINITY;
      if (fix.fixTime.getTime() > known) {
        this.latest.set(device.technicianId, fix.fixTime.getTime());
        this.deps.events.gps.positionChanged({
          technicianId: device.technicianId,
          deviceId: device.id,
          source: device.source,
          lat: fix.lat,
          lng: fix.lng,
          fixTime: fix.fixTime.toISOString(),
          speedKmh: fix.speedKmh,
          heading: fix.heading,
          accuracyM: fix.accuracyM,
        });
      }
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ device, fix, at: performance.now(), resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once everything submitted so far is written. */
  async drain(): Promise<void> {
    for (;;) {
      if (this.writing) {
        await this.writing;
        continue;
      }
      if (this.pending.length === 0) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.writeNext();
    }
  }

  private refuseWhenFull(): void {
    if (this.queued >= this.maxQueued) throw new FixQueueFullError(RETRY_AFTER_S);
  }

  /**
   * The latest stored fix time of a technician this process has not seen yet. A fleet's first
   * fixes come together (the server restarted, a shift began: hundreds of new technicians in one
   * second), and one query each made the first ones wait seconds for the pool. So the
   * technicians asked for during one turn, or while the previous read runs, share one query.
   */
  private knowLatest(technicianId: number): Promise<void> {
    if (this.latest.has(technicianId)) return Promise.resolve();
    const loading = this.loading.get(technicianId);
    if (loading) return loading;
    const batch = this.gathering ?? this.startGathering();
    batch.ids.add(technicianId);
    this.loading.set(technicianId, batch.read);
    return batch.read;
  }

  private startGathering(): { ids: Set<number>; read: Promise<void> } {
    const ids = new Set<number>();
    const previous = this.lastRead;
    const read = (async () => {
      // One read at a time; what is asked for meanwhile goes in the next.
      await previous?.catch(() => undefined);
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.gathering = null;
      const rows = await this.deps.db
        .select({ technicianId: technicianLatestPositions.technicianId, fixTime: technicianLatestPositions.fixTime })
        .from(technicianLatestPositions)
        .where(inArray(technicianLatestPositions.technicianId, [...ids]));
      const stored = new Map(rows.map((row) => [row.technicianId, row.fixTime.getTime()]));
      for (const id of ids) if (!this.latest.has(id)) this.latest.set(id, stored.get(id) ?? Number.NEGATIVE_INFINITY);
    })();
    const forget = () => {
      for (const id of ids) if (this.loading.get(id) === read) this.loading.delete(id);
    };
    // Each waiting fix gets the read's failure; this copy only cleans up.
    read.then(forget, forget);
    const batch = { ids, read };
    this.gathering = batch;
    this.lastRead = read;
    return batch;
  }

  /** Starts the next write when the batch is full or its oldest fix has waited `maxDelayMs`. */
  private schedule(): void {
    // A write is under way: its end schedules what waits meanwhile.
    if (this.writing || this.pending.length === 0) return;
    const wait =
      this.pending.length >= this.maxBatch ? 0 : Math.max(0, this.pending[0]!.at + this.maxDelayMs - performance.now());
    if (this.timer) {
      if (wait > 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.writeNext();
    }, wait);
  }

  private writeNext(): void {
    if (this.writing || this.pending.length === 0) return;
    // One statement at a time, in order: a later batch never overtakes an earlier one.
    const batch = this.pending.length <= this.maxBatch ? this.pending : this.pending.slice(0, this.maxBatch);
    this.pending = batch === this.pending ? [] : this.pending.slice(this.maxBatch);
    this.inFlight = batch.length;
    this.writing = this.write(batch).finally(() => {
      this.inFlight = 0;
      this.writing = null;
      this.schedule();
    });
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      const { stored } = await writeFixes(this.deps.db, batch);
      // A fix sent twice within one batch is stored once: only its first copy says so.
      const answered = new Set<string>();
      for (const item of batch) {
        const key = fixKey(item.device.id, item.fix.fixTime);
        item.resolve({ stored: stored.has(key) && !answered.has(key) });
        answered.add(key);
      }
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }
}
