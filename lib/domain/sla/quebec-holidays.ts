import { dayOfIso, isoOfDay, weekdayOf, type DayNumber } from "./toronto-time";

/**
 * The days the provider's support office is closed, by Quebec's Act respecting labour standards
 * (and the National Holiday Act for June 24), computed rather than listed so any year works:
 *
 * - New Year's Day (January 1); Christmas (December 25). When either falls on a weekend the next
 *   Monday is closed as well (the law owes a paid day; the office takes the Monday).
 * - Good Friday AND Easter Monday: the law lets an employer pick one; this office closes both.
 * - National Patriots' Day: the Monday before May 25.
 * - Fête nationale (June 24) and Canada Day (July 1): on a Sunday the Monday is closed as well,
 *   as the law moves them; on a Saturday only that Saturday.
 * - Labour Day (first Monday of September), Thanksgiving (second Monday of October).
 *
 * Not included: December 26, January 2, Remembrance Day, Civic holiday, Truth and Reconciliation
 * Day (not statutory in Quebec).
 */
export type QuebecHoliday =
  | "newYear"
  | "goodFriday"
  | "easterMonday"
  | "patriots"
  | "feteNationale"
  | "canadaDay"
  | "labourDay"
  | "thanksgiving"
  | "christmas";

/** Easter Sunday (Gregorian computus, the anonymous algorithm). */
export function easterSunday(year: number): DayNumber {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayOfIso(`${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`);
}

const date = (year: number, month: number, day: number) =>
  dayOfIso(`${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`);

/** The nth Monday of a month (1-based). */
function nthMonday(year: number, month: number, n: number): DayNumber {
  const first = date(year, month, 1);
  return first + ((8 - weekdayOf(first)) % 7) + 7 * (n - 1);
}

/** The Monday a holiday on a weekend (or only on a Sunday) gives, as well as the day itself. */
const mondayAfter = (day: DayNumber, saturdayToo: boolean): DayNumber[] =>
  weekdayOf(day) === 0 ? [day + 1] : weekdayOf(day) === 6 && saturdayToo ? [day + 2] : [];

/** The office's closed days of one year, in date order (a holiday may close two days). */
export function quebecHolidays(year: number): Array<{ date: string; holiday: QuebecHoliday }> {
  const easter = easterSunday(year);
  const may25 = date(year, 5, 25);
  const fixed = (month: number, day: number, holiday: QuebecHoliday, saturdayToo: boolean) => {
    const d = date(year, month, day);
    return [d, ...mondayAfter(d, saturdayToo)].map((x) => [x, holiday] as [DayNumber, QuebecHoliday]);
  };
  const days: Array<[DayNumber, QuebecHoliday]> = [
    ...fixed(1, 1, "newYear", true),
    [easter - 2, "goodFriday"],
    [easter + 1, "easterMonday"],
    [may25 - (weekdayOf(may25) === 1 ? 7 : (weekdayOf(may25) + 6) % 7), "patriots"],
    ...fixed(6, 24, "feteNationale", false),
    ...fixed(7, 1, "canadaDay", false),
    [nthMonday(year, 9, 1), "labourDay"],
    [nthMonday(year, 10, 2), "thanksgiving"],
    ...fixed(12, 25, "christmas", true),
  ];
  return days.sort((a, b) => a[0] - b[0]).map(([day, holiday]) => ({ date: isoOfDay(day), holiday }));
}

const closedByYear = new Map<number, Set<DayNumber>>();
const closedByDay = new Map<DayNumber, boolean>();

/** Whether the office is closed on a local day for a holiday (remembered per day: the SLA walk asks often). */
export function isQuebecHoliday(day: DayNumber): boolean {
  let closed = closedByDay.get(day);
  if (closed === undefined) {
    const year = Number(isoOfDay(day).slice(0, 4));
    let days = closedByYear.get(year);
    if (!days) {
      days = new Set(quebecHolidays(year).map((h) => dayOfIso(h.date)));
      closedByYear.set(year, days);
    }
    closed = days.has(day);
    closedByDay.set(day, closed);
  }
  return closed;
}
