/**
 * Keeps technicians' positions flowing from Traccar: log in, map Traccar devices to
 * technicians (dispatch_technicians.gps_device_id = Traccar uniqueId), backfill the latest
 * positions over REST, then follow the socket. Any failure (down, refused, garbage) marks the
 * feed degraded, keeps the positions already stored (the map shows them with their age), and
 * retries with a capped backoff until Traccar is back: it recovers by itself.
 */
import { isNotNull } from "drizzle-orm";
import { KNOTS_TO_KMH } from "../../../lib/domain/gps/geo";
import { rejectFix, type GpsFix } from "../../../lib/domain/gps/fix";
import type { ServiceDeps } from "../deps";
import { dispatchTechnicians } from "../../db/schema";
import {
  TraccarClient,
  type TraccarClientOptions,
  type TraccarPosition,
} from "../../integrations/traccar/traccar-client";
import { deviceFor, type GpsDevice } from "./devices";
import { FixIngestor } from "./fix-ingestor";
import type { FeedState, FeedStatus } from "../../../lib/schemas/gps";

export type { FeedState, FeedStatus } from "../../../lib/schemas/gps";

export interface TraccarFeedOptions extends TraccarClientOptions {
  /** First retry delay; doubles up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  now?: () => Date;
  onStatus?: (status: FeedStatus) => void;
  /**
   * The process's GPS write queue (server/main.ts shares one with the OsmAnd endpoint): Traccar's
   * positions are batched with the trackers' instead of one statement per device. Without it the
   * feed has its own.
   */
  ingestor?: FixIngestor;
}

export function fixFromTraccar(position: TraccarPosition, uniqueId: string): GpsFix {
  return {
    deviceId: uniqueId,
    lat: position.latitude,
    lng: position.longitude,
    fixTime: new Date(position.fixTime),
    speedKmh: position.speed * KNOTS_TO_KMH,
    heading: position.course,
    accuracyM: position.accuracy || null,
    altitudeM: position.altitude,
    battery: typeof position.attributes.batteryLevel === "number" ? position.attributes.batteryLevel : null,
  };
}

export class TraccarFeed {
  private readonly client: TraccarClient;
  private readonly ingestor: FixIngestor;
  private readonly devicesByTraccarId = new Map<number, { device: GpsDevice; uniqueId: string }>();
  private socket: { close(): void } | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private backoff: number;
  private stopped = false;
  private readonly current: FeedStatus = {
    state: "connecting",
    lastError: null,
    degradedSince: null,
    lastFixAt: null,
    fixesStored: 0,
    fixesRejected: 0,
  };

  constructor(
    private readonly deps: Pick<ServiceDeps, "db" | "events">,
    private readonly options: TraccarFeedOptions,
  ) {
    this.client = new TraccarClient(options);
    this.ingestor = options.ingestor ?? new FixIngestor(deps);
    this.backoff = options.backoffMs ?? 1000;
  }

  status(): FeedStatus {
    return { ...this.current };
  }

  start(): void {
    void this.connect();
  }

  stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.close();
    this.setState("stopped", null);
    return this.options.ingestor ? Promise.resolve() : this.ingestor.drain();
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private setState(state: FeedState, error: string | null): void {
    if (state === "degraded") {
      this.current.degradedSince ??= this.now().toISOString();
      this.current.lastError = error;
    } else if (state === "connected") {
      this.current.degradedSince = null;
    }
    this.current.state = state;
    this.options.onStatus?.(this.status());
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.client.login();
      await this.loadDevices();
      await this.store(await this.client.positions());
      if (this.stopped) return;
      this.socket = this.client.openSocket({
        onPositions: (positions) => void this.store(positions).catch((error: unknown) => this.fail(error)),
        onClose: (reason) => {
          this.socket = null;
          if (!this.stopped && reason !== "closed") this.fail(new Error(reason));
        },
      });
      this.backoff = this.options.backoffMs ?? 1000;
      this.setState("connected", null);
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    if (this.stopped) return;
    this.socket?.close();
    this.socket = null;
    this.setState("degraded", String((error as Error)?.message ?? error));
    if (this.retryTimer) return;
    const delay = this.backoff;
    this.backoff = Math.min(this.backoff * 2, this.options.maxBackoffMs ?? 30_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
  }

  private async loadDevices(): Promise<void> {
    const [devices, technicians] = await Promise.all([
      this.client.devices(),
      this.deps.db
        .select({ id: dispatchTechnicians.id, gpsDeviceId: dispatchTechnicians.gpsDeviceId })
        .from(dispatchTechnicians)
        .where(isNotNull(dispatchTechnicians.gpsDeviceId)),
    ]);
    const technicianByUniqueId = new Map(technicians.map((t) => [t.gpsDeviceId!, t.id]));
    this.devicesByTraccarId.clear();
    for (const traccar of devices) {
      const device = await deviceFor(this.deps.db, {
        source: "traccar",
        externalId: traccar.uniqueId,
        technicianId: technicianByUniqueId.get(traccar.uniqueId) ?? null,
        name: traccar.name,
      });
      this.devicesByTraccarId.set(traccar.id, { device, uniqueId: traccar.uniqueId });
    }
  }

  private async store(positions: TraccarPosition[]): Promise<void> {
    const now = this.now();
    const writes: Array<Promise<{ stored: boolean }>> = [];
    for (const position of positions) {
      const known = this.devicesByTraccarId.get(position.deviceId);
      const fix = known ? fixFromTraccar(position, known.uniqueId) : null;
      if (!known || !fix || !position.valid || rejectFix(fix, now)) {
        this.current.fixesRejected += 1;
        continue;
      }
      // Through the shared queue: every fix of the message in one batch (or a few), announced at
      // once when newer; a full queue throws, and the feed reconnects and backfills from REST.
      writes.push(this.ingestor.submit(known.device, fix));
    }
    const results = await Promise.allSettled(writes);
    const stored = results.filter((r) => r.status === "fulfilled" && r.value.stored).length;
    this.current.fixesStored += stored;
    if (stored > 0) this.current.lastFixAt = now.toISOString();
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
  }
}
