/**
 * Interface rates from two reads of IF-MIB's 64-bit octet counters (ifHCInOctets, ifHCOutOctets).
 * A counter that went down has wrapped at 2^64, unless the device restarted in between (its
 * uptime went down), in which case the counters started again from zero and the interval has no rate.
 */

export const COUNTER64_MODULUS = 1n << 64n;

/** A rate no access interface reaches; a "wrap" implying more is a counter discontinuity. */
export const MAX_PLAUSIBLE_BITS_PER_SECOND = 400e9;

export interface CounterRead {
  /** Counter value (unsigned 64-bit). */
  octets: bigint;
  /** When the read was taken (epoch ms). */
  atMs: number;
  /** sysUpTime in hundredths of a second at the read, when known. */
  uptimeHundredths?: number | null;
}

/** Octets counted between two reads, across one wrap. */
export function counterDelta(previous: bigint, current: bigint, modulus: bigint = COUNTER64_MODULUS): bigint {
  if (previous < 0n || current < 0n || previous >= modulus || current >= modulus) {
    throw new RangeError("a counter value lies outside its range");
  }
  return current >= previous ? current - previous : modulus - previous + current;
}

/** Bits per second between two reads, or null when the interval has no meaningful rate. */
export function interfaceRate(previous: CounterRead, current: CounterRead): number | null {
  const elapsedMs = current.atMs - previous.atMs;
  if (elapsedMs <= 0) return null;
  const restarted =
    previous.uptimeHundredths != null &&
    current.uptimeHundredths != null &&
    current.uptimeHundredths < previous.uptimeHundredths;
  if (restarted) return null;
  const delta = counterDelta(previous.octets, current.octets);
  const bitsPerSecond = (Number(delta) * 8 * 1000) / elapsedMs;
  if (current.octets < previous.octets && bitsPerSecond > MAX_PLAUSIBLE_BITS_PER_SECOND) return null;
  return Math.round(bitsPerSecond);
}
