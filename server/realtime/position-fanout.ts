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
 */
import { LatestWins, type Offered } from "../../lib/domain/gps/latest-wins";
import { localDateOfInstants } from "../../lib/domain/quebec-dates";
import type { TechnicianPositionEvent } from "../services/gps/gps-events";
import { boardRoom, technicianRoom } from "./events";
import type { RealtimeServer } from "./realtime-server";

export interface PositionFanout {
  offer(event: TechnicianPositionEvent): Offered;
  /** Sends what is waiting now (the scheduled flush, also for tests and shutdown). */
  flush(): void;
  stop(): void;
}

export function createPositionFanout(io: Pick<RealtimeServer, "to">): PositionFanout {
  const waiting = new LatestWins<TechnicianPositionEvent>();
  const dayOf = localDateOfInstants();
  let scheduled: NodeJS.Immediate | null = null;

  function flush(): void {
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    const events = waiting.take();
    if (events.length === 0) return;
    const byDay = new Map<string, TechnicianPositionEvent[]>();
    for (const event of events) {
      const day = dayOf(Date.parse(event.fixTime));
      const list = byDay.get(day);
      if (list) list.push(event);
      else byDay.set(day, [event]);
    }
    for (const [day, list] of byDay) {
      if (list.length === 1) {
        // One position (an idle server's usual flush): one emit reaches both rooms, and a socket in both once.
        io.to(boardRoom(day)).to(technicianRoom(list[0]!.technicianId)).emit("positions", list);
        continue;
      }
      io.to(boardRoom(day)).emit("positions", list);
      // A technician's room hears only that technician (a technician follows only themselves); a
      // socket also in the board room already had it in the board's frame.
      for (const event of list)
        io.to(technicianRoom(event.technicianId)).except(boardRoom(day)).emit("positions", [event]);
    }
  }

  return {
    offer(event) {
      const offered = waiting.offer(event);
      if (offered !== "stale") scheduled ??= setImmediate(flush);
      return offered;
    },
    flush,
    stop() {
      if (scheduled) clearImmediate(scheduled);
      scheduled = null;
    },
  };
}
