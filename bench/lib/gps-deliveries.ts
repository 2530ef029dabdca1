/**
 * What the GPS benchmark counts, now that the fan-out sheds superseded positions (latest wins).
 *
 * A dispatcher "holds" a fix once it has received that fix or a newer one of the same technician:
 * a map shows only the newest position, so an intermediate fix superseded before it was sent is
 * shed by design (`superseded`), not lost. Latency is from sending a fix to the dispatcher holding
 * it, so shedding hides no delay: a fix covered late by a newer one counts as late. A loss
 * (`missing`) is an accepted fix a dispatcher never holds: once the step has settled, every
 * accepted fix newer than the last position the dispatcher received for that technician — so zero
 * means every dispatcher ends on every technician's newest accepted position. The bare relay
 * forwards everything, so for it `superseded` stays 0 and `missing` is the old count.
 */
export class DeliveryTracker {
  /** Per technician, its fixes in sending order (fix times only grow). */
  private readonly fixes: Array<Array<{ fixMs: number; sentAt: number; measured: boolean; accepted: boolean }>>;
  /** Per dispatcher × technician: the index of the first fix the dispatcher does not hold yet. */
  private readonly held: Int32Array;
  readonly latencies: number[] = [];
  delivered = 0;
  superseded = 0;

  constructor(
    readonly technicians: number,
    readonly dispatchers: number,
  ) {
    this.fixes = Array.from({ length: technicians }, () => []);
    this.held = new Int32Array(technicians * dispatchers);
  }

  /** A fix is about to be sent; `measured` when it falls in the timed window. Returns its handle. */
  sent(technician: number, fixMs: number, sentAt: number, measured: boolean): number {
    const list = this.fixes[technician]!;
    const last = list.at(-1);
    if (last && fixMs <= last.fixMs) throw new Error(`technician ${technician}: fix times must grow`);
    return list.push({ fixMs, sentAt, measured, accepted: false }) - 1;
  }

  /** The server acknowledged the fix (stored, or accepted by the relay). */
  accepted(technician: number, handle: number): void {
    this.fixes[technician]![handle]!.accepted = true;
  }

  /** Dispatcher `dispatcher` received `technician`'s position of `fixMs` at `now`. */
  received(dispatcher: number, technician: number, fixMs: number, now: number): void {
    const list = this.fixes[technician];
    if (!list) return;
    const slot = dispatcher * this.technicians + technician;
    let next = this.held[slot]!;
    while (next < list.length && list[next]!.fixMs <= fixMs) {
      const fix = list[next]!;
      if (fix.measured) this.latencies.push(now - fix.sentAt);
      if (fix.fixMs === fixMs) this.delivered++;
      else this.superseded++;
      next++;
    }
    this.held[slot] = next;
  }

  /** Accepted fixes some dispatcher never held: each one a dispatcher left on an older position. */
  missing(): number {
    let missing = 0;
    for (let d = 0; d < this.dispatchers; d++)
      for (let t = 0; t < this.technicians; t++) {
        const list = this.fixes[t]!;
        for (let i = this.held[d * this.technicians + t]!; i < list.length; i++) if (list[i]!.accepted) missing++;
      }
    return missing;
  }
}

/**
 * Receptions noted while the fleet runs in other processes (gps-fleet.ts): the tracker learns of a
 * sent fix only when its sender reports, after the run, so what the dispatchers received meanwhile
 * waits here and is replayed in arrival order once every sent fix is known. Times are the
 * monotonic clock's ms (gps-load.ts epochNow).
 */
export class ReceptionLog {
  private dispatcher = new Int32Array(1 << 16);
  private technician = new Int32Array(1 << 16);
  private fixMs = new Float64Array(1 << 16);
  private at = new Float64Array(1 << 16);
  length = 0;

  add(dispatcher: number, technician: number, fixMs: number, at: number): void {
    if (this.length === this.at.length) this.grow();
    const n = this.length++;
    this.dispatcher[n] = dispatcher;
    this.technician[n] = technician;
    this.fixMs[n] = fixMs;
    this.at[n] = at;
  }

  /** Tells `tracker` every reception, earliest first. */
  replay(tracker: DeliveryTracker): void {
    const order = Array.from({ length: this.length }, (_, n) => n).sort((a, b) => this.at[a]! - this.at[b]!);
    for (const n of order) tracker.received(this.dispatcher[n]!, this.technician[n]!, this.fixMs[n]!, this.at[n]!);
  }

  private grow(): void {
    const size = this.at.length * 2;
    const widen = <T extends Int32Array | Float64Array>(from: T, to: T): T => (to.set(from), to);
    this.dispatcher = widen(this.dispatcher, new Int32Array(size));
    this.technician = widen(this.technician, new Int32Array(size));
    this.fixMs = widen(this.fixMs, new Float64Array(size));
    this.at = widen(this.at, new Float64Array(size));
  }
}
