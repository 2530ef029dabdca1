import { dayBounds } from "../quebec-dates";

/**
 * A board's `jobs` key is the job's id (`dispatch_jobs.id`) in canonical decimal: the server
 * creates the entries from the tables. A key a client made up could alias another job through
 * `Number` ("0012", "12.0", " 12", "1e1" all read as a number), so only the canonical form of
 * a positive id names a job.
 */
export function jobIdOfKey(key: string): number | null {
  if (!/^[1-9]\d{0,15}$/.test(key)) return null;
  const id = Number(key);
  return Number.isSafeInteger(id) && id <= 2_147_483_647 ? id : null;
}

/** Whether an instant (ISO string or Date) falls on a Quebec calendar day. */
export function isOnDay(date: string, instant: string | Date): boolean {
  const at = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(at)) return false;
  const { start, end } = dayBounds(date);
  return at >= start.getTime() && at < end.getTime();
}

/**
 * Whether a board of `date` may write this job's row: the row belongs to that day (by its
 * scheduled start, else its window, as the board loads it), and the board's start, if any,
 * stays on that day. Anything else would let one day's board edit another day's jobs.
 */
export function boardMayWriteJob(
  date: string,
  row: { scheduledStart: Date | null; windowStart: Date | null },
  start: string | null,
): boolean {
  const anchor = row.scheduledStart ?? row.windowStart;
  return anchor !== null && isOnDay(date, anchor) && (start === null || isOnDay(date, start));
}
