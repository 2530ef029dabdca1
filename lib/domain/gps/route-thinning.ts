/**
 * Thinning a GPS track for drawing: Douglas–Peucker, run top-down with a point budget. A drive of
 * an hour at one fix a second is 3,600 points; the line on a small map looks the same with a few
 * hundred, and the page carries only those.
 */
import type { LatLng } from "./geo";

export interface ThinningOptions {
  /** Points closer than this to the simplified line are dropped (metres). */
  toleranceM: number;
  /** At most this many points are kept (at least 2: the first and the last). */
  maxPoints: number;
}

const EARTH_RADIUS_M = 6_371_008.8;
const RADIANS = Math.PI / 180;

/**
 * The points kept, in their order, always with the first and the last. The split points are taken
 * largest deviation first (not depth first, as in the textbook recursion), so when the budget runs
 * out the line kept is the best one that budget allows, and below it the result is plain
 * Douglas–Peucker at `toleranceM`.
 */
export function thinRoute<T extends LatLng>(points: readonly T[], options: ThinningOptions): T[] {
  const n = points.length;
  const budget = Math.max(2, Math.floor(options.maxPoints));
  if (n <= 2) return points.slice();

  // A local equirectangular plane in metres: within a day's drive its error is far below GPS noise.
  const lat0 = points.reduce((sum, p) => sum + p.lat, 0) / n;
  const kx = Math.cos(lat0 * RADIANS) * EARTH_RADIUS_M * RADIANS;
  const ky = EARTH_RADIUS_M * RADIANS;
  const xs = points.map((p) => p.lng * kx);
  const ys = points.map((p) => p.lat * ky);

  const farthest = (from: number, to: number): Split | null => {
    if (to - from < 2) return null;
    let best: Split = { from, to, index: from + 1, deviation: -1 };
    for (let i = from + 1; i < to; i++) {
      const d = segmentDistance(xs[i]!, ys[i]!, xs[from]!, ys[from]!, xs[to]!, ys[to]!);
      if (d > best.deviation) best = { from, to, index: i, deviation: d };
    }
    return best;
  };

  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  let kept = 2;
  const queue = new SplitQueue();
  queue.push(farthest(0, n - 1));
  while (kept < budget) {
    const split = queue.pop();
    if (!split || split.deviation <= options.toleranceM) break;
    keep[split.index] = 1;
    kept++;
    queue.push(farthest(split.from, split.index));
    queue.push(farthest(split.index, split.to));
  }
  return points.filter((_, i) => keep[i] === 1);
}

interface Split {
  from: number;
  to: number;
  index: number;
  deviation: number;
}

/** Distance from P to the segment AB (not the infinite line: a track that turns back stays visible). */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / lengthSquared));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** A max-heap of splits by deviation. */
class SplitQueue {
  private readonly items: Split[] = [];

  push(split: Split | null): void {
    if (!split) return;
    const items = this.items;
    items.push(split);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]!.deviation >= items[i]!.deviation) break;
      [items[parent], items[i]] = [items[i]!, items[parent]!];
      i = parent;
    }
  }

  pop(): Split | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || !last) return top;
    items[0] = last;
    let i = 0;
    for (;;) {
      const [left, right] = [2 * i + 1, 2 * i + 2];
      let largest = i;
      if (left < items.length && items[left]!.deviation > items[largest]!.deviation) largest = left;
      if (right < items.length && items[right]!.deviation > items[largest]!.deviation) largest = right;
      if (largest === i) return top;
      [items[largest], items[i]] = [items[i]!, items[largest]!];
      i = largest;
    }
  }
}
