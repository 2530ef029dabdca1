/** The stored shape of a diagnostic, shared by the schema, the services and the pages. */

export const DIAGNOSTIC_OUTCOMES = ["ok", "refused", "timeout", "auth_failed", "error"] as const;
export const SIGNAL_QUALITIES = ["good", "weak", "bad", "unknown"] as const;

export interface StoredInterface {
  index: number;
  name: string;
  /** IF-MIB ifOperStatus in words: up, down, testing, unknown, dormant, notPresent, lowerLayerDown. */
  operStatus: string;
  /** 64-bit counters, as decimal strings (JSON has no 64-bit integers). */
  inOctets: string | null;
  outOctets: string | null;
  inErrors: number | null;
  outErrors: number | null;
  /** Rates against the previous answered diagnostic, when one is comparable. */
  inBitsPerSecond: number | null;
  outBitsPerSecond: number | null;
}

const OPER_STATUS = ["up", "down", "testing", "unknown", "dormant", "notPresent", "lowerLayerDown"];

/** IF-MIB ifOperStatus (1..7) in words. */
export function operStatusName(value: number | null): string {
  return value !== null && value >= 1 && value <= OPER_STATUS.length ? OPER_STATUS[value - 1]! : "unknown";
}
