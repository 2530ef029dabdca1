import { isoOfDay, localDayOf, localToUtc, weekdayOf } from "./toronto-time";

export interface ReportWeek {
  /** The Monday the week starts on, local date. */
  monday: string;
  start: Date;
  end: Date;
}

/**
 * The last `count` weeks (Monday 00:00 to Monday 00:00, Toronto time) up to and including the
 * week of `now`, oldest first. A week with a DST change is 167 or 169 hours long.
 */
export function reportWeeks(now: Date, count: number): ReportWeek[] {
  const today = localDayOf(now.getTime());
  const thisMonday = today - ((weekdayOf(today) + 6) % 7);
  const weeks: ReportWeek[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const monday = thisMonday - 7 * i;
    weeks.push({
      monday: isoOfDay(monday),
      start: new Date(localToUtc(monday, 0)),
      end: new Date(localToUtc(monday + 7, 0)),
    });
  }
  return weeks;
}
