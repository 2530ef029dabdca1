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
 * With several instances, each keeps its own memory; a device normally reports to one of
 * them, and the table decides if two disagree.
 */
import { eq } from "drizzle-orm";
import type { GpsFix } from "../../../lib/domain/gps/fix";
import { technicianLatestPositions } from "../../db/schema";
import type { GpsDevice } from "./devices";
import type { ServiceDeps } from "../deps";
import { fixKey, writeFixes } from "./record-fixes";

const DEFAULT_MAX_DELAY_MS = 20;

type Device = Pick<GpsDevice, "id" | "technicianId" | "source">;
interface Pending {
  device: Device;
  fix: GpsFix;
  resolve(result: { stored: boolean }): void;
  reject(error: unknown): void;
}

export class FixIngestor {
  private readonly latest = new Map<number, number>();
  private readonly loading = new Map<number, Promise<void>>();
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: Pick<ServiceDeps, "db" | "events">,
    private readonly options: { maxBatch?: number; maxDelayMs?: number } = {},
  ) {}

  async submit(device: Device, fix: GpsFix): Promise<{ stored: boolean }> {
    if (device.technicianId !== null) {
      if (!this.latest.has(device.technicianId)) await this.knowLatest(device.technicianId);
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
      this.pending.push({ device, fix, resolve, reject });
      if (this.pending.length >= (this.options.maxBatch ?? 500)) this.flushSoon(0);
      else this.flushSoon(this.options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS);
    });
  }

  /** Resolves once everything submitted so far is written. */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.timer) {
      this.flushSoon(0);
      await this.flushing;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await this.flushing;
  }

  private async knowLatest(technicianId: number): Promise<void> {
    if (this.latest.has(technicianId)) return;
    let loading = this.loading.get(technicianId);
    if (!loading) {
      loading = this.deps.db
        .select({ fixTime: technicianLatestPositions.fixTime })
        .from(technicianLatestPositions)
        .where(eq(technicianLatestPositions.technicianId, technicianId))
        .then(([row]) => {
          if (!this.latest.has(technicianId))
            this.latest.set(technicianId, row?.fixTime.getTime() ?? Number.NEGATIVE_INFINITY);
        })
        .finally(() => this.loading.delete(technicianId));
      this.loading.set(technicianId, loading);
    }
    await loading;
  }

  private flushSoon(delayMs: number): void {
    if (this.timer && delayMs > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      const batch = this.pending;
      this.pending = [];
      if (batch.length === 0) return;
      // One batch at a time, in order: a later batch never overtakes an earlier one.
      this.flushing = this.flushing.then(() => this.write(batch));
    }, delayMs);
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
