/**
 * A device's health in three words for the portal, the ticket panel and the technician's job:
 * online or not, when it last answered, and its signal. Read from the stored diagnostics, so it
 * says what the last probe saw and when, never more.
 */
import type { SignalQuality } from "./optical-levels";

export type DiagnosticOutcome = "ok" | "refused" | "timeout" | "auth_failed" | "error";

export type OnlineState = "online" | "offline" | "unknown";

export interface DiagnosticSummaryRow {
  at: Date;
  outcome: DiagnosticOutcome;
  signal: SignalQuality | null;
}

export interface EquipmentHealth {
  online: OnlineState;
  /** Time of the last probe that got an answer. */
  lastSeenAt: Date | null;
  /** Time of the last probe, answered or not. */
  checkedAt: Date | null;
  signal: SignalQuality;
}

/**
 * `latest` is the newest diagnostic, `lastAnswered` the newest with outcome ok. A device that did
 * not answer its last probe is offline; one never probed, or whose last probe was refused before
 * anything was sent (no address, outside the subnets), is unknown. A wrong key is not "offline":
 * the device answered, but not to us.
 */
export function equipmentHealth(
  latest: DiagnosticSummaryRow | null,
  lastAnswered: DiagnosticSummaryRow | null,
): EquipmentHealth {
  const online: OnlineState =
    latest === null
      ? "unknown"
      : latest.outcome === "ok"
        ? "online"
        : latest.outcome === "timeout"
          ? "offline"
          : "unknown";
  return {
    online,
    lastSeenAt: lastAnswered?.at ?? null,
    checkedAt: latest?.at ?? null,
    signal: online === "online" ? (latest?.signal ?? "unknown") : "unknown",
  };
}
