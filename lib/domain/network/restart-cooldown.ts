/**
 * "Restart my modem" from the portal: one restart per device per cooldown. A restart the device
 * took (queued until its next session, or done) starts the cooldown, whoever asked for it (the
 * customer, or support on the phone with them); one that never reached the device or that the
 * device refused (a fault) does not, so the customer may try again at once.
 */

export const RESTART_COOLDOWN_MS = 10 * 60 * 1000;

export interface RestartRecord {
  status: "queued" | "done" | "fault";
  createdAt: Date;
}

export type RestartVerdict =
  | { ready: true }
  | {
      ready: false;
      availableAt: Date;
      remainingSeconds: number;
      /** Whole minutes, rounded up: what a person reads ("in 3 minutes"), never 0 while waiting. */
      remainingMinutes: number;
    };

export function restartCooldown(
  restarts: readonly RestartRecord[],
  now: Date,
  cooldownMs: number = RESTART_COOLDOWN_MS,
): RestartVerdict {
  let last: number | null = null;
  for (const r of restarts)
    if (r.status !== "fault" && (last === null || r.createdAt.getTime() > last)) last = r.createdAt.getTime();
  if (last === null) return { ready: true };
  // A restart stamped after `now` (clocks of two servers) counts as just made, never as a longer wait.
  const remainingMs = Math.min(cooldownMs, last + cooldownMs - now.getTime());
  if (remainingMs <= 0) return { ready: true };
  const remainingSeconds = Math.ceil(remainingMs / 1000);
  return {
    ready: false,
    availableAt: new Date(now.getTime() + remainingMs),
    remainingSeconds,
    remainingMinutes: Math.ceil(remainingSeconds / 60),
  };
}
