/**
 * Technicians' positions to the rooms that follow them, latest wins (lib/domain/gps/latest-wins.ts).
 *
 * Positions wait in one slot per technician and leave together: one `positions` frame per board
 * day to its room, so a dispatcher gets one WebSocket frame per flush however many technicians
 * moved, instead of one per fix. A position superseded while waiting is never sent; the newest
 * always is, in the next flush.
 *
 * The flush runs on the next turn of the event loop (setImmediate), not on a timer: an idle server
 * sends a fix as soon as the request that brought it is done (no added latency, the map stays as
 * live as the bare relay), and a busy one batches whatever arrived during the turn it was busy
 * with, so the fan-out's cost per fix falls exactly when fixes come faster than they can be sent.
 * A fixed interval would add its length to every fix at low load and still queue under overload.
 * But a fleet's fixes come one request at a time: at 500 technicians a second, most turns carry
 * one, and every flush costs a frame to each dispatcher's socket (a write system call each: a third
 * of the server's time in the GPS benchmark's profile). So two flushes are at least
 * `MIN_FLUSH_SPACING_MS` apart: a fix that comes that soon after a flush waits for the rest of the
 * spacing, with whatever else comes meanwhile. A fix after a quiet moment still leaves at once.
 *
 * A dispatcher that reads slower than positions come (a weak link, a busy laptop) must not make
 * the server queue for it: Socket.IO would buffer every frame in its engine (`conn.writeBuffer`)
 * without bound, and the dispatcher would see the map seconds, then minutes, behind. So a member
 * of a board room whose socket still has a frame waiting is left out of the room's emit, and its
 * positions wait in its own latest-wins slots (one per technician, so at most the roster); once
 * its socket has nothing waiting, it gets them in one frame. It stays out of the room's emits
 * until then, so it never gets a newer position before an older one. `RoomMembers` is how the
 * fan-out sees the local sockets; without it (unit tests of the emits) every member is fast.
 * A technician's room with no member is skipped when the rooms are only this process's: encoding
 * a frame nobody receives was one JSON serialization per fix.
 */
import { performance } from "node:perf_hooks";
import { LatestWins, type Offered } from "../../lib/domain/gps/latest-wins";
import { localDateOfInstants } from "../../lib/domain/quebec-dates";
import type { TechnicianPositionEvent } from "../services/gps/gps-events";
import { boardRoom, technicianRoom } from "./events";
import type { RealtimeServer } from "./realtime-server";

export interface PositionFanout {
  offer(event: TechnicianPositionEvent): Offered;
  /** Sends what is waiting now (the scheduled flush, also for tests and shutdown). */
  flush(): void;
  /** Sockets whose positions wait for their socket to drain. */
  readonly held: number;
  stop(): void;
}

/** The fan-out's view of this process's sockets (realtime-server.ts builds it from Socket.IO). */
export interface RoomMembers {
  /** Ids of this process's sockets in `room`. */
  local(room: string): Iterable<string> | undefined;
  /** True when no other instance can have members (no Redis adapter): an empty local room is empty. */
  readonly onlyLocal: boolean;
  /** Frames waiting in the socket's engine, not yet handed to its connection; null once it is gone. */
  backlog(socketId: string): number | null;
  send(socketId: string, positions: TechnicianPositionEvent[]): void;
}

/** How often held positions are offered again when no new flush comes. */
const HELD_RETRY_MS = 20;

/** The least time between two flushes (see above): at most this much added to a fix's way. */
export const MIN_FLUSH_SPACING_MS = 4;

export function createPositionFanout(
  io: Pick<RealtimeServer, "to">,
  members?: RoomMembers,
  minFlushSpacingMs = MIN_FLUSH_SPACING_MS,
): PositionFanout {
  const waiting = new LatestWins<TechnicianPositionEvent>();
  const dayOf = localDateOfInstants();
  let scheduled: { cancel(): void } | null = null;
  let lastFlushAt = -Infinity;

  function scheduleFlush(): void {
    if (scheduled) return;
    const wait = lastFlushAt + minFlushSpacingMs - performance.now();
    if (wait <= 0) {
      const immediate = setImmediate(flush);
      scheduled = { cancel: () => clearImmediate(immediate) };
    } else {
      const timer = setTimeout(flush, wait);
      scheduled = { cancel: () => clearTimeout(timer) };
    }
  }
  /** Per slow socket, per technician: the newest position it has not been sent yet. */
  const held = new Map<string, Map<number, { event: TechnicianPositionEvent; fixMs: number }>>();
  let retry: NodeJS.Timeout | null = null;

  /** The members of `room` that must not get this emit: slow, or still holding older positions. */
  function holdSlowMembers(room: string, list: TechnicianPositionEvent[]): string[] {
    const slow: string[] = [];
    if (!members) return slow;
    for (const id of members.local(room) ?? []) {
      let slots = held.get(id);
      if (!slots) {
        if (!members.backlog(id)) continue;
        slots = new Map();
        held.set(id, slots);
      }
      slow.push(id);
      for (const event of list) {
        const fixMs = Date.parse(event.fixTime);
        const current = slots.get(event.technicianId);
        if (!current || current.fixMs < fixMs) slots.set(event.technicianId, { event, fixMs });
      }
    }
    return slow;
  }

  /** Sends each held socket that has drained its positions, in one frame; forgets closed ones. */
  function releaseHeld(): void {
    if (retry) clearTimeout(retry);
    retry = null;
    if (!members) return;
    for (const [id, slots] of held) {
      const backlog = members.backlog(id);
      if (backlog === null) held.delete(id);
      else if (backlog === 0) {
        held.delete(id);
        members.send(
          id,
          Array.from(slots.values(), (slot) => slot.event),
        );
      }
    }
    if (held.size > 0) retry = setTimeout(releaseHeld, HELD_RETRY_MS);
  }

  const hasListeners = (room: string): boolean => {
    if (!members?.onlyLocal) return true;
    for (const _ of members.local(room) ?? []) return true;
    return false;
  };

  function flush(): void {
    scheduled?.cancel();
    scheduled = null;
    const events = waiting.take();
    if (events.length === 0) return;
    lastFlushAt = performance.now();
    const byDay = new Map<string, TechnicianPositionEvent[]>();
    for (const event of events) {
      const day = dayOf(Date.parse(event.fixTime));
      const list = byDay.get(day);
      if (list) list.push(event);
      else byDay.set(day, [event]);
    }
    for (const [day, list] of byDay) {
      const room = boardRoom(day);
      const slow = holdSlowMembers(room, list);
      if (list.length === 1) {
        // One position (an idle server's usual flush): one emit reaches both rooms, and a socket in
        // both once. A slow socket left out has it held, whichever room it came through.
        const operator = io.to(room).to(technicianRoom(list[0]!.technicianId));
        (slow.length > 0 ? operator.except(slow) : operator).emit("positions", list);
        continue;
      }
      (slow.length > 0 ? io.to(room).except(slow) : io.to(room)).emit("positions", list);
      // A technician's room hears only that technician (a technician follows only themselves); a
      // socket also in the board room already had it in the board's frame.
      for (const event of list) {
        const ownRoom = technicianRoom(event.technicianId);
        if (hasListeners(ownRoom)) io.to(ownRoom).except(room).emit("positions", [event]);
      }
    }
    if (held.size > 0) releaseHeld();
  }

  return {
    offer(event) {
      const offered = waiting.offer(event);
      if (offered !== "stale") scheduleFlush();
      return offered;
    },
    flush,
    get held() {
      return held.size;
    },
    stop() {
      scheduled?.cancel();
      scheduled = null;
      if (retry) clearTimeout(retry);
      retry = null;
      held.clear();
    },
  };
}
