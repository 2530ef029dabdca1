/**
 * When a customer's tracking link works. It opens a live view of a technician, so it must
 * stop soon after the visit: one hour after the job is done (time to see "done" and the
 * technician's name again), at once if the job is cancelled.
 */
import type { JobStatus } from "../board/types";

export const LINK_GRACE_AFTER_DONE_MS = 60 * 60_000;

export type LinkState = "active" | "expired";

/**
 * The expiry to store when a job reaches `status` at `at`: null for an open job (a job
 * reopened after done or cancelled gets its link back), done + 1 h, or the cancellation time.
 */
export function linkExpiryFor(status: JobStatus, at: Date): Date | null {
  if (status === "done") return new Date(at.getTime() + LINK_GRACE_AFTER_DONE_MS);
  if (status === "cancelled") return at;
  return null;
}

export interface LinkFacts {
  status: JobStatus;
  /** The stored expiry, set when the job became done or cancelled. */
  expiresAt: Date | null;
  /** When the job was done, from the job itself: covers a job finished by a path that did not set the expiry. */
  doneAt: Date | null;
  now: Date;
}

export function linkState({ status, expiresAt, doneAt, now }: LinkFacts): LinkState {
  if (status === "cancelled") return "expired";
  if (expiresAt && now.getTime() >= expiresAt.getTime()) return "expired";
  if (status === "done" && !expiresAt) {
    // Done without a stored expiry and without a known done time: fail closed.
    if (!doneAt) return "expired";
    if (now.getTime() >= doneAt.getTime() + LINK_GRACE_AFTER_DONE_MS) return "expired";
  }
  return "active";
}
