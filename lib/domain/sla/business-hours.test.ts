import { describe, expect, it } from "vitest";
import { addBusinessMinutes, businessMinutesBetween, PROVIDER_CALENDAR, type BusinessCalendar } from "./business-hours";

const at = (iso: string) => Date.parse(iso);
const add = (start: string, minutes: number) =>
  new Date(addBusinessMinutes(at(start), minutes, PROVIDER_CALENDAR)).toISOString();

// Office hours: Monday–Friday 08:00–18:00, Saturday 09:00–13:00, Toronto time. 2027-01-12 is a Tuesday (EST, -5).
describe("business minutes added to a start", () => {
  it.each([
    ["within one day", "2027-01-12T15:00:00Z", 120, "2027-01-12T17:00:00.000Z"],
    ["ending exactly at closing", "2027-01-12T22:00:00Z", 60, "2027-01-12T23:00:00.000Z"],
    ["across a night", "2027-01-12T22:00:00Z", 120, "2027-01-13T14:00:00.000Z"],
    ["from closing time", "2027-01-12T23:00:00Z", 1, "2027-01-13T13:01:00.000Z"],
    ["opened at night, before midnight", "2027-01-13T04:30:00Z", 30, "2027-01-13T13:30:00.000Z"],
    ["opened at night, after midnight", "2027-01-13T07:00:00Z", 30, "2027-01-13T13:30:00.000Z"],
    ["zero minutes at night: the next opening", "2027-01-13T04:30:00Z", 0, "2027-01-13T13:00:00.000Z"],
    // Friday 17:00 → 60 min Friday, Saturday opens 09:00.
    ["into Saturday's short day", "2027-01-15T22:00:00Z", 180, "2027-01-16T16:00:00.000Z"],
    // Saturday 12:00 → 60 min Saturday, Sunday closed, Monday 08:00 + 60.
    ["across Sunday", "2027-01-16T17:00:00Z", 120, "2027-01-18T14:00:00.000Z"],
    ["opened on a Sunday", "2027-01-17T15:00:00Z", 90, "2027-01-18T14:30:00.000Z"],
    ["a whole week of opening hours", "2027-01-11T13:00:00Z", 5 * 600 + 240, "2027-01-16T18:00:00.000Z"],
    ["a week and a minute", "2027-01-11T13:00:00Z", 5 * 600 + 241, "2027-01-18T13:01:00.000Z"],
    // Thursday 2027-03-25 17:00 EDT; Good Friday closed, Saturday open, Easter Monday closed.
    ["across Easter", "2027-03-25T21:00:00Z", 400, "2027-03-30T13:40:00.000Z"],
    // Friday 2027-05-21 17:00 EDT; Monday May 24 is National Patriots' Day.
    ["across National Patriots' Day", "2027-05-21T21:00:00Z", 360, "2027-05-25T13:00:00.000Z"],
    // Friday 2028-06-23 17:00 EDT; Saturday June 24 is the Fête nationale.
    ["across a Fête nationale on a Saturday", "2028-06-23T21:00:00Z", 120, "2028-06-26T13:00:00.000Z"],
    // Friday 2027-12-24 17:00 EST; Christmas Saturday, then Monday the 27th off too.
    ["across Christmas on a Saturday", "2027-12-24T22:00:00Z", 120, "2027-12-28T14:00:00.000Z"],
    // Friday 2029-06-29 17:00 EDT; Canada Day on Sunday moves to Monday July 2.
    ["across Canada Day on a Sunday", "2029-06-29T21:00:00Z", 360, "2029-07-03T13:00:00.000Z"],
    // Friday 2027-03-12 17:00 EST; clocks spring forward Sunday: Monday 08:00 is 12:00Z, not 13:00Z.
    ["across the spring DST change", "2027-03-12T22:00:00Z", 420, "2027-03-15T14:00:00.000Z"],
    // Friday 2027-11-05 17:00 EDT; clocks fall back Sunday: Monday 08:00 is 13:00Z.
    ["across the autumn DST change", "2027-11-05T21:00:00Z", 420, "2027-11-08T15:00:00.000Z"],
    ["across New Year's Day", "2026-12-31T22:00:00Z", 120, "2027-01-02T15:00:00.000Z"],
  ])("%s", (_label, start, minutes, due) => {
    expect(add(start, minutes)).toBe(due);
  });

  it("refuses negative minutes and a calendar that never opens", () => {
    expect(() => addBusinessMinutes(at("2027-01-12T15:00:00Z"), -1, PROVIDER_CALENDAR)).toThrow(RangeError);
    const never: BusinessCalendar = { weekly: [[], [], [], [], [], [], []], isClosedDay: () => false };
    expect(() => addBusinessMinutes(at("2027-01-12T15:00:00Z"), 1, never)).toThrow(RangeError);
  });

  it("counts opening hours on any calendar it is given (a 24-hour Sunday across the spring change)", () => {
    const sundays: BusinessCalendar = { weekly: [[[0, 1440]], [], [], [], [], [], []], isClosedDay: () => false };
    // Sunday 2027-03-14 has 23 hours: 00:00 EST is 05:00Z, 24:00 EDT is 04:00Z the next day.
    expect(businessMinutesBetween(at("2027-03-14T00:00:00Z"), at("2027-03-16T00:00:00Z"), sundays)).toBe(23 * 60);
    expect(new Date(addBusinessMinutes(at("2027-03-13T12:00:00Z"), 23 * 60, sundays)).toISOString()).toBe(
      "2027-03-15T04:00:00.000Z",
    );
  });
});

describe("business minutes between two instants", () => {
  it.each([
    ["same day", "2027-01-12T15:00:00Z", "2027-01-12T16:30:00Z", 90],
    ["reversed", "2027-01-12T16:30:00Z", "2027-01-12T15:00:00Z", 0],
    ["over a weekend", "2027-01-15T22:00:00Z", "2027-01-18T14:00:00Z", 60 + 240 + 60],
    ["over Easter", "2027-03-25T21:00:00Z", "2027-03-30T13:40:00Z", 400],
  ])("%s", (_label, from, to, minutes) => {
    expect(businessMinutesBetween(at(from), at(to), PROVIDER_CALENDAR)).toBe(minutes);
  });
});
