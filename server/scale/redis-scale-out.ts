/**
 * Several app instances behind a load balancer share one Redis (REDIS_URL):
 * - the Hocuspocus Redis extension relays board updates and awareness between the instances
 *   that have a board open, and lets one instance at a time store it;
 * - the Socket.IO Redis adapter makes `io.to(room).emit` reach every instance's clients;
 * - dispatch job changes made on one instance (tRPC) reach the boards open on the others
 *   through Socket.IO's server-side events, and so does a sign-out, so every instance closes
 *   that user's sockets at once.
 * PostgreSQL stays the source of truth: every acknowledged board update is in its log
 * whatever Redis does, so Redis going away only pauses the relaying.
 */
import { Redis as HocuspocusRedis } from "@hocuspocus/extension-redis";
import type { Extension } from "@hocuspocus/server";
import { createAdapter } from "@socket.io/redis-adapter";
import IORedis, { type RedisOptions } from "ioredis";
import type { DispatchJobEvents } from "../services/dispatch/job-events";
import type { StaffAccessEvents } from "../services/process-events";
import type { RealtimeServer } from "../realtime/realtime-server";

const CLIENT_OPTIONS: RedisOptions = {
  // Reconnect forever with a capped delay; commands issued meanwhile wait in the offline queue.
  retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  maxRetriesPerRequest: null,
  lazyConnect: false,
};

function client(url: string, role: string): IORedis {
  const redis = new IORedis(url, CLIENT_OPTIONS);
  let down = false;
  redis.on("error", (error: Error) => {
    if (!down) console.error(`redis (${role}) unavailable: ${error.message}; relaying pauses until it is back`);
    down = true;
  });
  redis.on("ready", () => {
    if (down) console.log(`redis (${role}) is back`);
    down = false;
  });
  return redis;
}

/**
 * The Hocuspocus extension, plus a resync when Redis comes back: updates made on either side
 * during the outage were never relayed, so each instance announces its state (sync step 1)
 * for every open board and the peers answer with what it misses.
 */
class ResyncingRedisExtension extends HocuspocusRedis {
  constructor(url: string) {
    let created = 0;
    super({
      createClient: () => client(url, created++ === 0 ? "boards pub" : "boards sub"),
      prefix: "fibre-ops:board",
    });
    let wasDown = false;
    this.sub.on("error", () => {
      wasDown = true;
    });
    this.sub.on("ready", () => {
      if (!wasDown) return;
      wasDown = false;
      // ioredis has re-subscribed by 'ready'; give the other instances' clients a moment too.
      setTimeout(() => void this.resyncOpenBoards(), 500);
    });
  }

  private async resyncOpenBoards(): Promise<void> {
    const self = this as unknown as {
      instance?: { documents: Map<string, unknown> };
      publishFirstSyncStep(name: string, document: unknown): Promise<unknown>;
    };
    for (const [name, document] of self.instance?.documents ?? []) {
      await self
        .publishFirstSyncStep(name, document)
        .catch((error: unknown) => console.error(`board resync of ${name} failed:`, error));
    }
  }
}

export interface RedisScaleOut {
  boardsExtension: Extension;
  /** Attaches the Socket.IO adapter and the cross-instance job events. */
  attach(io: RealtimeServer): void;
  close(): Promise<void>;
}

/** `jobEvents`, `staffAccess`: the process's events, forwarded to and from the other instances. */
export function createRedisScaleOut(
  url: string,
  jobEvents: DispatchJobEvents,
  staffAccess?: StaffAccessEvents,
): RedisScaleOut {
  const boardsExtension = new ResyncingRedisExtension(url);
  const pub = client(url, "realtime pub");
  const sub = client(url, "realtime sub");
  let stopForwarding: (() => void) | null = null;
  return {
    boardsExtension,
    attach(io) {
      io.adapter(createAdapter(pub, sub, { key: "fibre-ops:realtime" }));
      stopForwarding = jobEvents.onJobChanged((event) => {
        if (!event.remote) io.serverSideEmit("job-changed", { jobId: event.jobId });
      });
      io.on("job-changed", ({ jobId }) => jobEvents.jobChanged({ jobId, remote: true }));
      const stopPatches = jobEvents.onJobPatched((event) => {
        if (!event.remote)
          io.serverSideEmit("job-patched", { jobId: event.jobId, date: event.date, fields: event.fields });
      });
      const stopRevocations = staffAccess?.onRevoked((event) => {
        if (!event.remote) io.serverSideEmit("staff-access-revoked", { userId: event.userId });
      });
      const stopChanges = stopForwarding;
      stopForwarding = () => {
        stopChanges();
        stopPatches();
        stopRevocations?.();
      };
      io.on("job-patched", (event) => jobEvents.jobPatched({ ...event, remote: true }));
      io.on("staff-access-revoked", ({ userId }) => staffAccess?.revoked({ userId, remote: true }));
    },
    async close() {
      stopForwarding?.();
      await boardsExtension.onDestroy();
      pub.disconnect();
      sub.disconnect();
    },
  };
}
