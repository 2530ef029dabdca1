import { localMidnight } from "@/lib/domain/quebec-dates";
import { MINUTE_MS, parseInstant, snapToGrid, toInstant } from "@/lib/domain/board/time";

/** The visible day runs 06:00–20:00 in Quebec; jobs outside it are clamped to the edges. */
export const DAY_START_MIN = 6 * 60;
export const DAY_END_MIN = 20 * 60;
const TIME_ZONE = "America/Toronto";

function wallClockMinutes(ms: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: TIME_ZONE,
    hourCycle: "h23",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get("hour") * 60 + get("minute");
}

/**
 * The instant of a wall-clock time on a Quebec date. Adding minutes to midnight is off by an
 * hour after a DST change (at 02:00), so one correction pass measures the wall clock and adjusts.
 */
export function zonedInstant(date: string, minutesOfDay: number): number {
  const guess = localMidnight(date).getTime() + minutesOfDay * MINUTE_MS;
  return guess + (minutesOfDay - wallClockMinutes(guess)) * MINUTE_MS;
}

export interface Timeline {
  start: number;
  end: number;
  totalMin: number;
  /** Hour marks for the ruler: offset in minutes from the start and the hour label. */
  hours: Array<{ offsetMin: number; hour: number }>;
}

export function timelineFor(date: string): Timeline {
  const start = zonedInstant(date, DAY_START_MIN);
  const end = zonedInstant(date, DAY_END_MIN);
  const hours = [];
  for (let h = DAY_START_MIN / 60; h <= DAY_END_MIN / 60; h++)
    hours.push({ offsetMin: (zonedInstant(date, h * 60) - start) / MINUTE_MS, hour: h });
  return { start, end, totalMin: (end - start) / MINUTE_MS, hours };
}

/** Percent of the lane width for an instant (may fall outside 0–100 for jobs off the visible day). */
export function percentAt(timeline: Timeline, iso: string | null): number | null {
  const ms = parseInstant(iso);
  return ms === null ? null : ((ms - timeline.start) / MINUTE_MS / timeline.totalMin) * 100;
}

/** The grid-snapped instant under a horizontal fraction of the lane, kept inside the visible day. */
export function instantAtFraction(timeline: Timeline, fraction: number, grabOffsetMin = 0): string {
  const minutes = Math.min(Math.max(fraction, 0), 1) * timeline.totalMin - grabOffsetMin;
  const ms = timeline.start + Math.min(Math.max(minutes, 0), timeline.totalMin - 15) * MINUTE_MS;
  return snapToGrid(toInstant(ms), 15);
}

export function fractionOf(event: { clientX: number }, element: Element): number {
  const rect = element.getBoundingClientRect();
  return rect.width > 0 ? (event.clientX - rect.left) / rect.width : 0;
}

export function formatClock(iso: string | number | null, locale: string): string {
  if (iso === null) return "—";
  const ms = typeof iso === "number" ? iso : parseInstant(iso);
  if (ms === null) return "—";
  // 24-hour and unpadded ("9 h 30", "9:30"): blocks are narrow and dispatch runs on a 24-hour clock.
  return new Intl.DateTimeFormat(locale === "en" ? "en-CA" : "fr-CA", {
    hour: "numeric",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: TIME_ZONE,
  }).format(new Date(ms));
}

/** "HH:MM" wall-clock minutes of an instant in Quebec, for the queue's window filters. */
export function localMinutesOf(iso: string | null): number | null {
  const ms = parseInstant(iso);
  return ms === null ? null : wallClockMinutes(ms);
}
