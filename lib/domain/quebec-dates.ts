/**
 * The product's calendar: every day it speaks of (a dispatch day, a billing date, "today" in the
 * office) is a date in Quebec (America/Toronto). These helpers turn an instant into that date and a
 * date into the UTC instants that bound it, whatever the daylight-saving offset that day.
 */
const TIME_ZONE = "America/Toronto";

// Built once: creating an Intl.DateTimeFormat costs far more than formatting with one, and
// localDate runs for every live position.
const LOCAL_PARTS = new Intl.DateTimeFormat("en-US", {
  timeZone: TIME_ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});
const LOCAL_DATE = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

function offsetMinutesAt(instant: Date): number {
  const parts = LOCAL_PARTS.formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - instant.getTime()) / 60_000);
}

/** Midnight at the start of a local date, as a UTC instant. */
export function localMidnight(isoDate: string): Date {
  const guess = new Date(`${isoDate}T00:00:00Z`);
  const first = new Date(guess.getTime() - offsetMinutesAt(guess) * 60_000);
  // Second pass settles the days where the offset changes between the guess and the answer.
  return new Date(guess.getTime() - offsetMinutesAt(first) * 60_000);
}

export function dayBounds(isoDate: string): { start: Date; end: Date } {
  return { start: localMidnight(isoDate), end: localMidnight(shiftDate(isoDate, 1)) };
}

export function shiftDate(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Today's local date in Quebec at a given instant. */
export function localDate(instant: Date): string {
  return LOCAL_DATE.format(instant);
}

/** The hour of the day (0–23) in Quebec at a given instant. */
export function localHour(instant: Date): number {
  return Number(LOCAL_PARTS.formatToParts(instant).find((p) => p.type === "hour")?.value);
}

/**
 * localDate for a stream of instants that mostly fall on one day (every live position):
 * remembers the bounds of the last day it found, so an instant within them costs two
 * comparisons instead of a time-zone conversion.
 */
export function localDateOfInstants(): (epochMs: number) => string {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  let date = "";
  return (epochMs) => {
    if (epochMs >= start && epochMs < end) return date;
    date = localDate(new Date(epochMs));
    const bounds = dayBounds(date);
    start = bounds.start.getTime();
    end = bounds.end.getTime();
    return date;
  };
}

export function isIsoDate(value: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    !Number.isNaN(new Date(`${value}T00:00:00Z`).getTime()) &&
    new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)
  );
}
