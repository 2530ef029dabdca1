"use client";
import { useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { browserTrpc } from "@/components/browser-trpc";
import type { ClientToServerEvents, ServerToClientEvents } from "@/server/realtime/events";
import type { FeedStatus, TechnicianPositionEvent } from "@/lib/schemas/gps";
import { isDeniedHandshake } from "../../socket-refusal";

export type LiveConnection = "connecting" | "live" | "offline" | "denied";

export interface LivePositions {
  /** Latest position by board technician id (the id as a string, like the board's keys). */
  positions: Record<string, TechnicianPositionEvent>;
  /**
   * The same, refreshed at most every 30 seconds (and when a technician appears): for what
   * does not need every fix, such as arrival estimates, which redraw every lane of the board.
   */
  sampled: Record<string, TechnicianPositionEvent>;
  /** The Traccar feed's state; null when no Traccar server is configured. */
  feed: FeedStatus | null;
  connection: LiveConnection;
  error: string | null;
}

/** Keeps a position only if it is newer than the one held: late fixes never move a marker back. */
export function mergePositions(
  current: Record<string, TechnicianPositionEvent>,
  incoming: TechnicianPositionEvent[],
): Record<string, TechnicianPositionEvent> {
  let next = current;
  for (const position of incoming) {
    const key = String(position.technicianId);
    const held = next[key];
    if (held && Date.parse(held.fixTime) >= Date.parse(position.fixTime)) continue;
    if (next === current) next = { ...current };
    next[key] = position;
  }
  return next;
}

const FRAME_MS = 100;
const SAMPLE_MS = 30_000;

/**
 * Technicians' live positions for a board day over /realtime (Socket.IO). After a drop,
 * Socket.IO replays the missed events when it can recover the session; when it cannot, the
 * latest positions are fetched again over HTTP, so a marker is never left where it was.
 */
export function useLivePositions(date: string): LivePositions {
  const [state, setState] = useState<LivePositions>({
    positions: {},
    sampled: {},
    feed: null,
    connection: "connecting",
    error: null,
  });

  useEffect(() => {
    let disposed = false;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
      path: "/realtime",
      transports: ["websocket"],
      withCredentials: true,
    });
    // Hundreds of fixes a second would re-render the map as often; they are applied in frames.
    let pending: TechnicianPositionEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    let sampledAt = 0;
    const flush = () => {
      timer = null;
      const batch = pending;
      pending = [];
      if (disposed || batch.length === 0) return;
      setState((s) => {
        const positions = mergePositions(s.positions, batch);
        const newcomer = Object.keys(positions).length !== Object.keys(s.sampled).length;
        if (!newcomer && Date.now() - sampledAt < SAMPLE_MS) return { ...s, positions };
        sampledAt = Date.now();
        return { ...s, positions, sampled: positions };
      });
    };
    const receive = (positions: TechnicianPositionEvent[]) => {
      pending.push(...positions);
      timer ??= setTimeout(flush, FRAME_MS);
    };

    async function backfillOverHttp() {
      try {
        const live = await browserTrpc.dispatch.livePositions.query();
        if (disposed) return;
        receive(live.positions);
        setState((s) => ({ ...s, feed: live.feed }));
      } catch (error) {
        if (!disposed) setState((s) => ({ ...s, error: error instanceof Error ? error.message : String(error) }));
      }
    }

    // While the socket cannot connect, positions still come once over HTTP per outage.
    let backfilledThisOutage = false;
    socket.on("connect", () => {
      backfilledThisOutage = false;
      setState((s) => ({ ...s, connection: "live", error: null }));
      if (socket.recovered) return;
      socket.emit("subscribe:board", { date }, (result) => {
        if (result.ok) receive(result.data.positions);
        else {
          setState((s) => ({ ...s, error: result.error }));
          void backfillOverHttp();
        }
      });
    });
    socket.on("positions", receive);
    socket.on("feed:status", (feed) => setState((s) => ({ ...s, feed })));
    socket.on("disconnect", () => setState((s) => ({ ...s, connection: "offline" })));
    socket.on("connect_error", (error) => {
      // The server refuses the handshake for a signed-out or unauthorized user; retrying will not help.
      const denied = isDeniedHandshake(error);
      setState((s) => ({ ...s, connection: denied ? "denied" : "offline", error: error.message }));
      if (denied) socket.disconnect();
      else if (!backfilledThisOutage) {
        backfilledThisOutage = true;
        void backfillOverHttp();
      }
    });

    return () => {
      disposed = true;
      if (timer) clearTimeout(timer);
      socket.disconnect();
    };
  }, [date]);

  return state;
}
