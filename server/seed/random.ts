/**
 * Seeded randomness for the seed data. Everything here is pure: the same seed gives
 * the same sequence on every machine, which is what makes `npm run seed` reproducible.
 */

/** 32-bit string hash (FNV-1a with a final avalanche), to derive one stream per table. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /**
   * An independent stream per purpose: each table draws from its own stream, so adding
   * a draw in one generator never shifts the data of another.
   */
  static for(...parts: Array<string | number>): Rng {
    return new Rng(hashSeed(parts.join("/")));
  }

  /** mulberry32: tiny, fast and good enough for test data. Returns [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks a value with probability proportional to its weight. */
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of choices) total += w;
    let r = this.next() * total;
    for (const [value, w] of choices) {
      r -= w;
      if (r < 0) return value;
    }
    const last = choices[choices.length - 1];
    if (!last) throw new Error("weighted pick from an empty list");
    return last[0];
  }

  /** Standard normal by Box-Muller; used for skewed (log-normal) activity levels. */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A timestamp (epoch ms) uniformly in [startMs, endMs). */
  date(startMs: number, endMs: number): number {
    return startMs + Math.floor(this.next() * Math.max(0, endMs - startMs));
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /** Alphanumeric id shaped like better-auth's (32 characters by default). */
  textId(length = 32): string {
    let out = "";
    for (let i = 0; i < length; i++) out += ID_ALPHABET[Math.floor(this.next() * ID_ALPHABET.length)];
    return out;
  }

  digits(count: number): string {
    let out = "";
    for (let i = 0; i < count; i++) out += String(Math.floor(this.next() * 10));
    return out;
  }
}

/**
 * Splits `total` units over `weights.length` buckets, each between min and max, with
 * bucket i drawing units in proportion to weights[i]. The sum is exactly `total`, which
 * is how the full scale reproduces production volumes to the row.
 */
export function distribute(
  rng: Rng,
  total: number,
  weights: ArrayLike<number>,
  min: ArrayLike<number> | number = 0,
  max: ArrayLike<number> | number = Number.MAX_SAFE_INTEGER,
): Int32Array {
  const n = weights.length;
  const counts = new Int32Array(n);
  const lo = (i: number) => (typeof min === "number" ? min : (min[i] ?? 0));
  const hi = (i: number) => (typeof max === "number" ? max : (max[i] ?? Number.MAX_SAFE_INTEGER));
  let remaining = total;
  let capacity = 0;
  for (let i = 0; i < n; i++) {
    counts[i] = lo(i);
    remaining -= lo(i);
    capacity += hi(i) - lo(i);
  }
  if (remaining < 0 || remaining > capacity)
    throw new Error(`cannot distribute ${total} over ${n} buckets within bounds`);
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += Math.max(0, weights[i] ?? 0);
    cumulative[i] = sum;
  }
  let misses = 0;
  while (remaining > 0) {
    const r = rng.next() * sum;
    let a = 0;
    let b = n - 1;
    while (a < b) {
      const mid = (a + b) >> 1;
      if ((cumulative[mid] as number) > r) b = mid;
      else a = mid + 1;
    }
    if ((counts[a] as number) < hi(a) && sum > 0) {
      counts[a] = (counts[a] as number) + 1;
      remaining--;
      misses = 0;
    } else if (++misses > 64) {
      // Weighted buckets are full: spread the rest wherever there is room.
      for (let i = 0; i < n && remaining > 0; i++) {
        const room = Math.min(hi(i) - (counts[i] as number), remaining);
        counts[i] = (counts[i] as number) + room;
        remaining -= room;
      }
    }
  }
  return counts;
}

/** Integers in [0, 2^24) scrambled bijectively: unique serials and MACs that do not look sequential. */
export function scramble24(index: number, salt: number): number {
  return (Math.imul(index + salt, 0x9e3779b1) >>> 0) & 0xffffff;
}
