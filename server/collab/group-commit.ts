/**
 * Group commit for the board's update log. An append that finds no write in flight starts one at
 * the end of the event loop's turn (so appends that arrived together, from any connection, go
 * together); appends that arrive while a write is in flight wait for it and then go in the next
 * one. Each write is one multi-row INSERT: one round trip and one commit for the whole batch.
 *
 * Durability is unchanged: each append resolves only once the write that holds its row has
 * committed, and the server acknowledges an update only after its append resolved. A write that
 * fails rejects every append in it (each of those updates is refused, as one failed insert was).
 * A batch keeps arrival order, so the log's ids follow it.
 */
export interface GroupCommitLimits<T> {
  /** Rows per write, at most. */
  maxItems: number;
  /** Bytes per write, at most (a single larger item still goes, alone). */
  maxBytes: number;
  sizeOf(item: T): number;
}

export interface GroupCommitStats {
  /** Items written. */
  items: number;
  /** Writes (round trips) that held them. */
  writes: number;
  /** The largest batch. */
  largestBatch: number;
}

export interface GroupCommit<T> {
  /** Resolves once the item's write has committed. */
  add(item: T): Promise<void>;
  stats(): GroupCommitStats;
}

interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function groupCommit<T>(write: (items: T[]) => Promise<void>, limits: GroupCommitLimits<T>): GroupCommit<T> {
  const queue: Array<Waiting<T>> = [];
  let running = false;
  const stats: GroupCommitStats = { items: 0, writes: 0, largestBatch: 0 };

  function nextBatch(): Array<Waiting<T>> {
    let count = 0;
    let bytes = 0;
    while (count < queue.length && count < limits.maxItems) {
      const size = limits.sizeOf(queue[count]!.item);
      if (count > 0 && bytes + size > limits.maxBytes) break;
      bytes += size;
      count++;
    }
    return queue.splice(0, count);
  }

  async function drain(): Promise<void> {
    try {
      while (queue.length > 0) {
        const batch = nextBatch();
        try {
          await write(batch.map((w) => w.item));
          stats.items += batch.length;
          stats.writes++;
          stats.largestBatch = Math.max(stats.largestBatch, batch.length);
          for (const waiting of batch) waiting.resolve();
        } catch (error) {
          for (const waiting of batch) waiting.reject(error);
        }
      }
    } finally {
      running = false;
    }
  }

  return {
    add(item) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (running) return;
        running = true;
        // setImmediate runs after the I/O callbacks of this turn: every socket's update read in it joins.
        setImmediate(() => void drain());
      });
    },
    stats: () => ({ ...stats }),
  };
}
