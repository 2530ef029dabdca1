/**
 * The verdict of the check run after a technician installs a device or completes the job: did the
 * device answer over SNMP, and is its optical level in range. A device that has just been powered
 * up may need a few tries before it answers, so a silent or erring device is tried again until the
 * last attempt; a refusal (no address, outside the management subnets) will not change by waiting.
 */
import type { DiagnosticOutcome } from "./equipment-health";
import type { SignalQuality } from "./optical-levels";

export const INSTALL_CHECK_STATUSES = [
  "pending",
  "verified",
  "no_answer",
  "signal_weak",
  "signal_bad",
  "failed",
] as const;
export type InstallCheckStatus = (typeof INSTALL_CHECK_STATUSES)[number];

export type InstallCheckStep = { kind: "retry" } | { kind: "final"; status: Exclude<InstallCheckStatus, "pending"> };

/** `lastAttempt`: no retry is left, so a failure now is the verdict. */
export function installCheckStep(
  diagnostic: { outcome: DiagnosticOutcome; signal: SignalQuality | null },
  lastAttempt: boolean,
): InstallCheckStep {
  switch (diagnostic.outcome) {
    case "ok":
      // A router without optics (or a model without OIDs) answers with no level: it is online.
      if (diagnostic.signal === "weak") return { kind: "final", status: "signal_weak" };
      if (diagnostic.signal === "bad") return { kind: "final", status: "signal_bad" };
      return { kind: "final", status: "verified" };
    case "refused":
      return { kind: "final", status: "failed" };
    case "timeout":
      return lastAttempt ? { kind: "final", status: "no_answer" } : { kind: "retry" };
    case "auth_failed":
    case "error":
      return lastAttempt ? { kind: "final", status: "failed" } : { kind: "retry" };
  }
}

/** Whether the technician should be warned before leaving the site. */
export function installCheckFailed(status: InstallCheckStatus): boolean {
  return status !== "pending" && status !== "verified";
}
