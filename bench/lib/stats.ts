import os from "node:os";

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const index = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[index]!;
}

export function summarize(samplesMs: number[]) {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    n: sorted.length,
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
    p99_ms: round(percentile(sorted, 99)),
  };
}

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Which of two loads goes first in round `round` (from 0): A B, then B A, then A B… so a drift of the
 * machine over the run (PostgreSQL catching up on the first load's writes, a warming cache) falls
 * on each side alike.
 */
export function alternatingOrder<T>(round: number, [first, second]: readonly [T, T]): [T, T] {
  return round % 2 === 0 ? [first, second] : [second, first];
}

export function machine() {
  return { cpus: os.cpus().length, node: process.version };
}

/**
 * Times two implementations of the same work, alternating call by call, so both see the
 * same cache, JIT and background load; `warmup` untimed rounds of each come first.
 */
export async function timeInterleaved(
  iterations: number,
  warmup: number,
  a: (i: number) => Promise<unknown>,
  b: (i: number) => Promise<unknown>,
): Promise<[number[], number[]]> {
  for (let i = 0; i < warmup; i++) {
    await a(i);
    await b(i);
  }
  const samplesA: number[] = [];
  const samplesB: number[] = [];
  for (let i = 0; i < iterations; i++) {
    for (const [work, samples] of (i % 2 === 0
      ? [
          [a, samplesA],
          [b, samplesB],
        ]
      : [
          [b, samplesB],
          [a, samplesA],
        ]) as Array<[typeof a, number[]]>) {
      const started = process.hrtime.bigint();
      await work(i);
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  return [samplesA, samplesB];
}
