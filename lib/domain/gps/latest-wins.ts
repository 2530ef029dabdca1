/**
 * Latest wins: the positions waiting to be fanned out, one slot per technician. A map only ever
 * shows a technician's newest position, so a position superseded before it was sent is dropped
 * instead of queued: under overload the waiting set stays as large as the roster, never as large
 * as the backlog, and the next flush still carries every technician's newest position.
 *
 * Ordering follows the table's conditional upsert (record-fixes.ts): a position replaces another
 * only with a strictly later fix time, so a late or repeated fix (another source, a tracker
 * resending) never moves a marker backwards, whether it is still waiting or was already sent.
 */
export interface Positioned {
  technicianId: number;
  /** ISO instant of the fix. */
  fixTime: string;
}

export type Offered = "waiting" | "superseded" | "stale";

export class LatestWins<T extends Positioned> {
  private waiting = new Map<number, { event: T; fixMs: number }>();
  /** The fix time last taken per technician: bounded by the roster, like `waiting`. */
  private readonly taken = new Map<number, number>();

  /**
   * Holds `event` if it is the technician's newest: "waiting" when the slot was empty,
   * "superseded" when it replaced an older waiting position, "stale" (dropped) when a position
   * as new or newer is waiting or was already taken.
   */
  offer(event: T): Offered {
    const fixMs = Date.parse(event.fixTime);
    const newest = Math.max(
      this.waiting.get(event.technicianId)?.fixMs ?? Number.NEGATIVE_INFINITY,
      this.taken.get(event.technicianId) ?? Number.NEGATIVE_INFINITY,
    );
    if (!(fixMs > newest)) return "stale";
    const replaced = this.waiting.has(event.technicianId);
    this.waiting.set(event.technicianId, { event, fixMs });
    return replaced ? "superseded" : "waiting";
  }

  /** Technicians with a position waiting. */
  get size(): number {
    return this.waiting.size;
  }

  /** Every waiting position (one per technician, in the order their slots first filled), emptied. */
  take(): T[] {
    const batch = this.waiting;
    this.waiting = new Map();
    const events: T[] = [];
    for (const [technicianId, { event, fixMs }] of batch) {
      this.taken.set(technicianId, fixMs);
      events.push(event);
    }
    return events;
  }
}
