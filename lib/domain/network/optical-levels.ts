/**
 * Optical levels of a GPON ONT in words a customer understands. The defaults follow the class B+
 * budget of an ONT: a receiver works from -8 dBm (overload above) down to about -27 dBm, so the
 * margin is thin below -25 and gone below -28; a transmitter sends between 0.5 and 5 dBm.
 */

export type SignalQuality = "good" | "weak" | "bad" | "unknown";

export interface OpticalThresholds {
  /** Receive power below this is weak (dBm). */
  rxWeakBelowDbm: number;
  /** Receive power below this is bad: the link drops or errors (dBm). */
  rxBadBelowDbm: number;
  /** Receive power above this overloads the receiver (dBm). */
  rxBadAboveDbm: number;
  /** Transmit power outside this range is bad (dBm). */
  txBadBelowDbm: number;
  txBadAboveDbm: number;
}

export const DEFAULT_OPTICAL_THRESHOLDS: OpticalThresholds = {
  rxWeakBelowDbm: -25,
  rxBadBelowDbm: -28,
  rxBadAboveDbm: -8,
  txBadBelowDbm: 0.5,
  txBadAboveDbm: 5,
};

const RANK: Record<SignalQuality, number> = { unknown: 0, good: 1, weak: 2, bad: 3 };

function rxQuality(rx: number, t: OpticalThresholds): SignalQuality {
  if (rx < t.rxBadBelowDbm || rx > t.rxBadAboveDbm) return "bad";
  return rx < t.rxWeakBelowDbm ? "weak" : "good";
}

/**
 * The worse of the receive and transmit verdicts. Without a receive level there is no verdict
 * (a transmit level alone says nothing about the fibre to the customer).
 */
export function classifyOpticalLevels(
  levels: { rxDbm: number | null; txDbm: number | null },
  thresholds: OpticalThresholds = DEFAULT_OPTICAL_THRESHOLDS,
): SignalQuality {
  const { rxDbm, txDbm } = levels;
  if (rxDbm === null || !Number.isFinite(rxDbm)) return "unknown";
  const rx = rxQuality(rxDbm, thresholds);
  if (txDbm === null || !Number.isFinite(txDbm)) return rx;
  const tx = txDbm < thresholds.txBadBelowDbm || txDbm > thresholds.txBadAboveDbm ? "bad" : "good";
  return RANK[tx] > RANK[rx] ? tx : rx;
}

/**
 * A vendor's raw reading in dBm: agents report integers in hundredths or tenths of a dBm, or a
 * decimal string. `divisor` comes from the model's OID row. Null when the value is not a number.
 */
export function opticalDbm(raw: string | number | null | undefined, divisor: number): number | null {
  if (raw === null || raw === undefined) return null;
  const text = typeof raw === "number" ? String(raw) : raw.trim();
  if (!/^[-+]?\d+(\.\d+)?$/.test(text) || divisor <= 0) return null;
  return Math.round((Number(text) / divisor) * 100) / 100;
}
