import { describe, expect, it } from "vitest";
import { dayOfIso, isoOfDay, localDayOf, localToUtc, torontoOffsetMinutes, weekdayOf } from "./toronto-time";

const ICU = new Intl.DateTimeFormat("en-US", {
  timeZone: "America/Toronto",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});
function icuOffset(ms: number): number {
  const p = Object.fromEntries(ICU.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return Math.round((Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!) - ms) / 60_000);
}

describe("Toronto offsets without Intl", () => {
  it("agree with the ICU time zone database every 7 hours from 2007 to 2040", () => {
    const mismatches: string[] = [];
    for (let ms = Date.UTC(2007, 0, 1); ms < Date.UTC(2040, 0, 1); ms += 7 * 3_600_000 + 60_000)
      if (torontoOffsetMinutes(ms) !== icuOffset(ms)) mismatches.push(new Date(ms).toISOString());
    expect(mismatches).toEqual([]);
  });

  it.each([
    ["2027-03-14T06:59:59Z", -300],
    ["2027-03-14T07:00:00Z", -240],
    ["2027-11-07T05:59:59Z", -240],
    ["2027-11-07T06:00:00Z", -300],
  ])("%s is offset %i minutes", (at, offset) => {
    expect(torontoOffsetMinutes(Date.parse(at))).toBe(offset);
  });

  it.each([
    ["2027-01-12", 8 * 60, "2027-01-12T13:00:00.000Z"],
    ["2027-07-12", 8 * 60, "2027-07-12T12:00:00.000Z"],
    // 02:30 does not exist on the spring change: the moment the clocks jumped.
    ["2027-03-14", 150, "2027-03-14T07:00:00.000Z"],
    // 01:30 happens twice on the autumn change: the first (daylight) one.
    ["2027-11-07", 90, "2027-11-07T05:30:00.000Z"],
    ["2027-11-07", 180, "2027-11-07T08:00:00.000Z"],
  ])("local %s at minute %i is %s", (day, minute, utc) => {
    expect(new Date(localToUtc(dayOfIso(day), minute)).toISOString()).toBe(utc);
  });

  it.each([
    ["2027-01-13T04:59:00Z", "2027-01-12", 2],
    ["2027-01-13T05:00:00Z", "2027-01-13", 3],
    ["2027-07-13T03:59:00Z", "2027-07-12", 1],
    ["2027-01-17T12:00:00Z", "2027-01-17", 0],
  ])("%s falls on local day %s (weekday %i)", (at, day, weekday) => {
    const d = localDayOf(Date.parse(at));
    expect(isoOfDay(d)).toBe(day);
    expect(weekdayOf(d)).toBe(weekday);
  });
});
