import { isQuebecHoliday } from "./quebec-holidays";
import { localDayOf, localToUtc, MINUTE_MS, weekdayOf, type DayNumber } from "./toronto-time";

/** Opening hours of one weekday: [open, close) in minutes after local midnight. */
export type DayHours = ReadonlyArray<readonly [number, number]>;

export interface BusinessCalendar {
  /** Index 0 = Sunday … 6 = Saturday. */
  weekly: readonly [DayHours, DayHours, DayHours, DayHours, DayHours, DayHours, DayHours];
  isClosedDay(day: DayNumber): boolean;
}

const h = (hour: number) => hour * 60;

/**
 * The provider's support office, Toronto time: weekdays 08:00–18:00, Saturday 09:00–13:00,
 * closed Sunday and on Quebec statutory holidays (quebec-holidays.ts). Opening and closing
 * times sit away from 02:00, so no business day is shortened or lengthened by a DST change.
 */
export const PROVIDER_CALENDAR: BusinessCalendar = {
  weekly: [[], [[h(8), h(18)]], [[h(8), h(18)]], [[h(8), h(18)]], [[h(8), h(18)]], [[h(8), h(18)]], [[h(9), h(13)]]],
  isClosedDay: isQuebecHoliday,
};

/** localToUtc per (day, minute): the same opening times come back for every ticket of a day. */
const instants = new Map<number, number>();
function instantOf(day: DayNumber, minute: number): number {
  const key = day * 1440 + minute;
  let at = instants.get(key);
  if (at === undefined) {
    at = localToUtc(day, minute);
    instants.set(key, at);
  }
  return at;
}

/** A walk longer than this means a calendar with no opening hours at all. */
const MAX_DAYS = 3 * 366;

/**
 * The instant `minutes` of opening hours after `startMs`: time outside opening hours (nights,
 * weekends, holidays) does not count. A start outside hours starts counting at the next opening.
 */
export function addBusinessMinutes(startMs: number, minutes: number, calendar: BusinessCalendar): number {
  if (!(minutes >= 0) || !Number.isFinite(minutes)) throw new RangeError("minutes must be a finite number ≥ 0");
  let remaining = minutes;
  const first = localDayOf(startMs);
  for (let day = first; day < first + MAX_DAYS; day++) {
    if (calendar.isClosedDay(day)) continue;
    for (const [open, close] of calendar.weekly[weekdayOf(day)] ?? []) {
      const opensAt = instantOf(day, open);
      const closesAt = instantOf(day, close);
      const from = Math.max(opensAt, startMs);
      if (from >= closesAt) continue;
      const available = (closesAt - from) / MINUTE_MS;
      if (remaining <= available) return from + remaining * MINUTE_MS;
      remaining -= available;
    }
  }
  throw new RangeError("the calendar has no opening hours within three years");
}

/** Minutes of opening hours between two instants (0 when `toMs` is not after `fromMs`). */
export function businessMinutesBetween(fromMs: number, toMs: number, calendar: BusinessCalendar): number {
  let total = 0;
  for (let day = localDayOf(fromMs); day <= localDayOf(toMs); day++) {
    if (calendar.isClosedDay(day)) continue;
    for (const [open, close] of calendar.weekly[weekdayOf(day)] ?? []) {
      const from = Math.max(instantOf(day, open), fromMs);
      const to = Math.min(instantOf(day, close), toMs);
      if (to > from) total += (to - from) / MINUTE_MS;
    }
  }
  return total;
}
