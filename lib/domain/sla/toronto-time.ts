/**
 * Wall-clock arithmetic for the provider's time zone (America/Toronto) without Intl: the SLA
 * clock walks day by day through opening hours for every ticket (242,000 at seed time), and
 * the current North American rule is two dates a year. DST starts on the second Sunday of March
 * at 02:00 standard time and ends on the first Sunday of November at 02:00 daylight time
 * (the rule since 2007; toronto-time.test.ts checks it against the ICU time zone database).
 */
export const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const STANDARD_OFFSET_MIN = -300;
const DAYLIGHT_OFFSET_MIN = -240;

/** A local calendar day as a count of days since 1970-01-01 (a plain number keeps the walk cheap). */
export type DayNumber = number;

function nthSunday(year: number, month0: number, n: number): number {
  const firstWeekday = new Date(Date.UTC(year, month0, 1)).getUTCDay();
  return 1 + ((7 - firstWeekday) % 7) + 7 * (n - 1);
}

const dstCache = new Map<number, readonly [number, number]>();

/** The UTC instants daylight time starts and ends in `year`. */
export function daylightSpan(year: number): readonly [number, number] {
  let span = dstCache.get(year);
  if (!span) {
    span = [
      Date.UTC(year, 2, nthSunday(year, 2, 2), 2 - STANDARD_OFFSET_MIN / 60),
      Date.UTC(year, 10, nthSunday(year, 10, 1), 2 - DAYLIGHT_OFFSET_MIN / 60),
    ] as const;
    dstCache.set(year, span);
  }
  return span;
}

/** Minutes to add to UTC to get Toronto wall-clock time at an instant (-300 or -240). */
export function torontoOffsetMinutes(epochMs: number): number {
  const [start, end] = daylightSpan(new Date(epochMs).getUTCFullYear());
  return epochMs >= start && epochMs < end ? DAYLIGHT_OFFSET_MIN : STANDARD_OFFSET_MIN;
}

/** The local day an instant falls on. */
export function localDayOf(epochMs: number): DayNumber {
  return Math.floor((epochMs + torontoOffsetMinutes(epochMs) * MINUTE_MS) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: DayNumber): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isoOfDay(day: DayNumber): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function dayOfIso(isoDate: string): DayNumber {
  return Math.round(Date.UTC(+isoDate.slice(0, 4), +isoDate.slice(5, 7) - 1, +isoDate.slice(8, 10)) / DAY_MS);
}

/**
 * The instant a local wall-clock time happens. A time skipped by the spring change (02:30 on
 * that Sunday) is the moment the clocks jumped; a time repeated in the autumn is its first
 * (daylight) occurrence.
 */
export function localToUtc(day: DayNumber, minuteOfDay: number): number {
  const wall = day * DAY_MS + minuteOfDay * MINUTE_MS;
  const asDaylight = wall - DAYLIGHT_OFFSET_MIN * MINUTE_MS;
  if (torontoOffsetMinutes(asDaylight) === DAYLIGHT_OFFSET_MIN) return asDaylight;
  const asStandard = wall - STANDARD_OFFSET_MIN * MINUTE_MS;
  if (torontoOffsetMinutes(asStandard) === STANDARD_OFFSET_MIN) return asStandard;
  return daylightSpan(new Date(wall).getUTCFullYear())[0];
}
