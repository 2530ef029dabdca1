/**
 * Time on the board. Instants are ISO-8601 strings with an explicit offset ("Z" or "±hh:mm"):
 * a string without one would be read in the machine's own zone, which differs between a
 * dispatcher's browser and the server, so such strings count as invalid rather than guessed.
 * All arithmetic goes through Date.parse (epoch milliseconds), which makes DST days safe.
 */
export const MINUTE_MS = 60_000;
export const GRID_MINUTES = 15;
export const MIN_DURATION_MIN = 15;
export const MAX_DURATION_MIN = 12 * 60;
export const DEFAULT_DURATION_MIN = 60;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Epoch milliseconds of an ISO instant, or null when the value is not one. */
export function parseInstant(value: unknown): number | null {
  if (typeof value !== "string" || !ISO_INSTANT.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

export function isInstant(value: unknown): value is string {
  return parseInstant(value) !== null;
}

/** Canonical UTC form, so that equal instants are equal strings (and need no rewrite). */
export function toInstant(ms: number): string {
  return new Date(ms).toISOString();
}

export function addMinutes(iso: string, minutes: number): string {
  const ms = parseInstant(iso);
  if (ms === null) throw new RangeError(`Not an ISO date-time with an offset: ${JSON.stringify(iso)}`);
  return toInstant(ms + minutes * MINUTE_MS);
}

/** Whole minutes from a to b (negative when b is earlier). */
export function minutesBetween(a: string, b: string): number {
  const from = parseInstant(a);
  const to = parseInstant(b);
  if (from === null || to === null) throw new RangeError(`Not ISO date-times with offsets: ${a}, ${b}`);
  return Math.round((to - from) / MINUTE_MS);
}

/**
 * Rounds an instant to the nearest grid line, returned in UTC. The grid is laid on epoch time:
 * America/Toronto's offsets are whole hours, so a 15-minute UTC grid is also the local grid,
 * including on the days the clocks change.
 */
export function snapToGrid(iso: string, minutes: number = GRID_MINUTES): string {
  const ms = parseInstant(iso);
  if (ms === null) throw new RangeError(`Not an ISO date-time with an offset: ${JSON.stringify(iso)}`);
  if (!Number.isInteger(minutes) || minutes <= 0)
    throw new RangeError(`Grid must be a positive whole number of minutes, got ${minutes}`);
  const step = minutes * MINUTE_MS;
  return toInstant(Math.round(ms / step) * step);
}

/** A drag may overshoot; durations land on the grid within [15 min, 12 h]. */
export function snapDuration(durationMin: number): number {
  const snapped = Math.round(durationMin / GRID_MINUTES) * GRID_MINUTES;
  return Math.min(MAX_DURATION_MIN, Math.max(MIN_DURATION_MIN, snapped));
}

/**
 * Durations imported from elsewhere need not sit on the grid (a 10-minute visit is real),
 * so validity is only "a whole number of minutes, at most 12 h".
 */
export function isValidDuration(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= MAX_DURATION_MIN;
}

/** [start, end) in epoch ms, or null when the job has no usable start. */
export function jobInterval(job: { start: string | null; durationMin: number }): { start: number; end: number } | null {
  const start = parseInstant(job.start);
  if (start === null) return null;
  const duration = isValidDuration(job.durationMin) ? job.durationMin : DEFAULT_DURATION_MIN;
  return { start, end: start + duration * MINUTE_MS };
}
