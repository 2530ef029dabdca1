/** Calendar arithmetic for the seed, all in UTC epoch ms so the output never depends on the machine's zone. */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' → epoch ms at 00:00 UTC of that calendar day. */
export function parseDay(day: string): number {
  const m = DAY_PATTERN.exec(day);
  if (!m) throw new Error(`Expected a date as YYYY-MM-DD, got "${day}"`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (formatDay(ms) !== day) throw new Error(`Not a calendar date: "${day}"`);
  return ms;
}

export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Day of month `day` in the month `offset` months after (year, month); Date.UTC rolls over years. */
export function monthDay(year: number, month: number, offset: number, day: number): number {
  return Date.UTC(year, month + offset, day);
}

/** 0 = Sunday ... 6 = Saturday, for a calendar-day ms value. */
export function weekday(dayMs: number): number {
  return new Date(dayMs).getUTCDay();
}

/**
 * History is placed in Eastern Standard Time (UTC-5) all year: an hour off in summer
 * does not matter for past tickets and payments, and it keeps 1M timestamps cheap.
 */
export function historicLocal(dayMs: number, minutesOfDay: number): number {
  return dayMs + minutesOfDay * MINUTE + 5 * HOUR;
}

const zoneFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: "America/Toronto",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

function zoneOffsetMs(utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of zoneFormat.formatToParts(new Date(utcMs))) if (p.type !== "literal") parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return asUtc - utcMs;
}

/**
 * Epoch ms of a wall-clock time in Quebec (America/Toronto shares its rules), with the
 * right daylight-saving offset: the dispatch board shows these times to people.
 */
export function quebecTime(dayMs: number, minutesOfDay: number): number {
  const guess = dayMs + minutesOfDay * MINUTE;
  const first = guess - zoneOffsetMs(guess);
  return guess - zoneOffsetMs(first);
}
