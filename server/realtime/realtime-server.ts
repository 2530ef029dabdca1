/**
 * Socket.IO at /realtime: live technician positions for the dispatch map, and the channel
 * technicians' browsers share their position on. Rooms per board day and per technician.
 *
 * - Positions are emitted from the gps events of this process (runtime.events.gps), latest wins and
 *   batched per board day as `positions` frames (position-fanout.ts); with the Redis adapter
 *   (REDIS_URL) `io.to(room).emit` reaches the clients of every instance.
 * - A reconnecting client gets missed events replayed when Socket.IO's connection state
 *   recovery can (same instance, under two minutes); otherwise its `subscribe:board` ack
 *   carries every latest position, so a map is never left with a gap.
 */
import { randomUUID } from "node:crypto";
import type http from "node:http";
import { Server, type Socket } from "socket.io";
import type { Runtime } from "../runtime";
import {
  authenticateSocket,
  SocketRefusalError,
  watchSocketSessions,
  type SocketIdentity,
} from "../collab/socket-identity";
import { boardAccessOfRole } from "../collab/access";
import { can } from "../../lib/domain/capabilities";
import { deviceFor } from "../services/gps/devices";
import { latestPositionOf, latestPositions } from "../services/gps/latest-positions";
import { FixIngestor, FixQueueFullError } from "../services/gps/fix-ingestor";
import type { GpsDevice } from "../services/gps/devices";
import { technicianIdOfUser } from "../services/tech/tech-access";
import { rejectFix } from "../../lib/domain/gps/fix";
import { attachTicketPresence } from "./ticket-presence";
import { createPositionFanout } from "./position-fanout";
import {
  boardRoom,
  REALTIME_PATH,
  sharePositionInput,
  subscribeBoardInput,
  subscribeTechnicianInput,
  technicianRoom,
  type Ack,
  type ClientToServerEvents,
  type InterServerEvents,
  type ServerToClientEvents,
} from "./events";

export interface SocketData {
  user: SocketIdentity;
  technicianId: number | null;
  /** The device this socket's shared positions are stored as, once it has shared one. */
  browserDevice?: GpsDevice;
  /** Ticket pages this socket is on, and whether it is replying on each (ticket-presence.ts). */
  tickets?: Record<string, boolean>;
}
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

function headersOf(request: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(request.headers)) {
    if (typeof value === "string") headers.set(key, value);
    else if (Array.isArray(value)) headers.set(key, value.join(", "));
  }
  return headers;
}

type EngineBuffer = { writeBuffer: unknown[] };

type Refused = { ok: false; error: string; key: string; params?: Record<string, string | number> };

const refused = (error: string, key: string, params?: Record<string, string | number>): Refused => ({
  ok: false,
  error,
  key,
  ...(params ? { params } : {}),
});

/** An unexpected failure is logged with a request id; the client reads only that id, never the error. */
function failure(error: unknown): Refused {
  const requestId = randomUUID();
  console.error(`realtime: request ${requestId} failed`, error);
  return refused(`Something went wrong (request ${requestId})`, "errors.internal", { requestId });
}

export function createRealtimeServer(
  runtime: Runtime,
  httpServer: http.Server,
  options: {
    sessionCheckMs?: number;
    /**
     * The process's GPS write queue (server/main.ts shares one with the OsmAnd endpoint and the
     * Traccar feed): a browser's positions are batched, bounded and announced like a tracker's.
     */
    ingestor?: FixIngestor;
  } = {},
): { io: RealtimeServer; close(): Promise<void> } {
  const db = runtime.database.db;
  const ingestor = options.ingestor ?? new FixIngestor(runtime);
  const io: RealtimeServer = new Server(httpServer, {
    path: REALTIME_PATH,
    serveClient: false,
    // Other upgrades on this server (/collab, Next's) are not ours to destroy.
    destroyUpgrade: false,
    // A recovered connection is authenticated again: the session may have ended while it was away.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    maxHttpBufferSize: 64 * 1024,
  });

  io.use((socket, next) => {
    const token = typeof socket.handshake.auth?.token === "string" ? socket.handshake.auth.token : null;
    authenticateSocket(runtime, token, headersOf(socket.request))
      .then(async (authentication) => {
        if (!authentication.ok)
          return next(
            new SocketRefusalError(`${authentication.reason} to receive live positions`, authentication.key, {
              purpose: "positions",
            }),
          );
        const user = authentication.identity;
        // Billing has no board but works tickets: it connects for ticket presence only (every
        // board and position event checks its own capability).
        if (boardAccessOfRole(user.role) === "none" && !can(user.role, "tickets.read"))
          return next(
            new SocketRefusalError(
              `Your role (${user.role}) has no access to live positions or tickets`,
              "errors.socket.roleNoPositions",
            ),
          );
        socket.data = { user, technicianId: await technicianIdOfUser(db, user.id) };
        next();
      })
      .catch((error: unknown) => {
        // Not a refusal: the client retries. It learns only the request id the log holds.
        const { error: message, key, params } = failure(error);
        next(Object.assign(new Error(message), { data: { key, params } }));
      });
  });

  io.on("connection", (socket: RealtimeSocket) => {
    attachTicketPresence(io, socket, db);

    socket.on("subscribe:board", async (input, ack) => {
      const reply: (result: Ack<{ positions: Awaited<ReturnType<typeof latestPositions>> }>) => void =
        typeof ack === "function" ? ack : () => undefined;
      // The whole board's positions are the dispatch map's, as dispatch.livePositions: a
      // technician follows only their own position (subscribe:technician).
      if (!can(socket.data.user.role, "dispatch.enter"))
        return reply(
          refused(
            `Your role (${socket.data.user.role}) cannot follow the whole board`,
            "errors.socket.roleNoWholeBoard",
          ),
        );
      const parsed = subscribeBoardInput.safeParse(input);
      if (!parsed.success)
        return reply(refused(parsed.error.issues[0]?.message ?? "invalid input", "errors.socket.invalidInput"));
      try {
        await socket.join(boardRoom(parsed.data.date));
        reply({ ok: true, data: { positions: await latestPositions(db) } });
        // A map that connects after the feed last changed state still learns it.
        const feed = runtime.events.traccarFeed.current();
        if (feed) socket.emit("feed:status", feed);
      } catch (error) {
        reply(failure(error));
      }
    });

    socket.on("subscribe:technician", async (input, ack) => {
      const reply = typeof ack === "function" ? ack : () => undefined;
      const parsed = subscribeTechnicianInput.safeParse(input);
      if (!parsed.success)
        return reply(refused(parsed.error.issues[0]?.message ?? "invalid input", "errors.socket.invalidInput"));
      const { user, technicianId } = socket.data;
      // Who works the board follows anyone; everyone else here (a technician) only themselves.
      if (!can(user.role, "dispatch.enter") && technicianId !== parsed.data.technicianId)
        return reply(refused("Technicians follow only their own position", "errors.socket.ownPositionOnly"));
      try {
        await socket.join(technicianRoom(parsed.data.technicianId));
        reply({ ok: true, data: { position: await latestPositionOf(db, parsed.data.technicianId) } });
      } catch (error) {
        reply(failure(error));
      }
    });

    socket.on("position:share", async (input, ack) => {
      const reply = typeof ack === "function" ? ack : () => undefined;
      const { user, technicianId } = socket.data;
      if (technicianId === null)
        return reply(refused("Only a technician on the roster can share a position", "errors.socket.notOnRoster"));
      const parsed = sharePositionInput.safeParse(input);
      if (!parsed.success)
        return reply(refused(parsed.error.issues[0]?.message ?? "invalid position", "errors.socket.invalidInput"));
      const p = parsed.data;
      const fix = {
        deviceId: `browser:${user.id}`,
        lat: p.lat,
        lng: p.lng,
        fixTime: new Date(p.timestamp),
        speedKmh: p.speed == null ? null : p.speed * 3.6,
        heading: p.heading ?? null,
        accuracyM: p.accuracy ?? null,
        altitudeM: null,
        battery: null,
      };
      const rejection = rejectFix(fix, new Date());
      if (rejection)
        return reply(refused(rejection.reason, "errors.socket.positionRefused", { field: rejection.field }));
      try {
        // Looked up once per socket: a phone shares every few seconds, its device does not change.
        socket.data.browserDevice ??= await deviceFor(db, {
          source: "browser",
          externalId: fix.deviceId,
          technicianId,
          name: `${user.name} (browser)`,
        });
        const result = await ingestor.submit(socket.data.browserDevice, fix);
        reply({ ok: true, data: { stored: result.stored } });
      } catch (error) {
        if (error instanceof FixQueueFullError)
          return reply(
            refused(`The server is busy: send the position again in ${error.retryAfterS} s`, "errors.socket.busy", {
              retryAfterS: error.retryAfterS,
            }),
          );
        reply(failure(error));
      }
    });
  });

  // Latest wins: a technician's position superseded before it left is not sent, and a socket that
  // reads slower than positions come gets only the newest ones when it has caught up (position-fanout.ts).
  const namespace = io.of("/");
  const fanout = createPositionFanout(io, {
    local: (room) => namespace.adapter.rooms.get(room),
    // With REDIS_URL the adapter reaches the other instances' members, which this one cannot see.
    onlyLocal: !runtime.config.redisUrl,
    backlog: (socketId) => {
      const socket = namespace.sockets.get(socketId);
      // engine.io's packets waiting behind an unfinished write: public in its JavaScript, private in its types.
      return socket?.connected ? (socket.conn as unknown as EngineBuffer).writeBuffer.length : null;
    },
    send: (socketId, positions) => void namespace.sockets.get(socketId)?.emit("positions", positions),
  });
  const stopPositions = runtime.events.gps.onPositionChanged((event) => void fanout.offer(event));

  // A signed-out session or a deactivated user loses its open sockets (socket-identity.ts).
  const sessions = watchSocketSessions({
    db,
    intervalMs: options.sessionCheckMs,
    sockets: () =>
      [...io.of("/").sockets.values()].map((socket) => ({
        identity: socket.data.user,
        close: () => socket.disconnect(true),
      })),
  });

  // At once on sign-out (this instance's, or another's through Redis); the interval is the bound.
  const stopRevocations = runtime.events.staffAccess.onRevoked(() => void sessions.check());

  return {
    io,
    async close() {
      sessions.stop();
      stopRevocations();
      stopPositions();
      fanout.stop();
      if (!options.ingestor) await ingestor.drain();
      await new Promise<void>((resolve) => {
        io.disconnectSockets(true);
        // io.close() would also close the HTTP server, which belongs to main.ts.
        io.engine.close();
        resolve();
      });
    },
  };
}
