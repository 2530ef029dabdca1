import { describe, expect, it } from "vitest";
import { dayBounds, isIsoDate, localDate, localDateOfInstants, localMidnight, shiftDate } from "./quebec-dates";

describe("localMidnight (America/Toronto)", () => {
  it.each([
    ["2026-01-15", "2026-01-15T05:00:00.000Z"], // EST, UTC-5
    ["2026-07-01", "2026-07-01T04:00:00.000Z"], // EDT, UTC-4
    ["2026-03-08", "2026-03-08T05:00:00.000Z"], // DST starts at 02:00 that day: midnight is still EST
    ["2026-11-01", "2026-11-01T04:00:00.000Z"], // DST ends at 02:00 that day: midnight is still EDT
    ["2028-02-29", "2028-02-29T05:00:00.000Z"],
  ])("%s starts at %s", (date, instant) => expect(localMidnight(date).toISOString()).toBe(instant));
});

describe("dayBounds", () => {
  it.each([
    ["2026-03-08", 23], // spring forward: a 23-hour day
    ["2026-11-01", 25], // fall back: a 25-hour day
    ["2026-06-15", 24],
  ])("%s lasts %i hours", (date, hours) => {
    const { start, end } = dayBounds(date);
    expect((end.getTime() - start.getTime()) / 3_600_000).toBe(hours);
  });
});

describe("dates", () => {
  it.each([
    ["2026-12-31", 1, "2027-01-01"],
    ["2028-02-28", 1, "2028-02-29"],
    ["2026-03-01", -1, "2026-02-28"],
  ])("%s %+i → %s", (date, days, expected) => expect(shiftDate(date, days)).toBe(expected));

  it("gives the Quebec date of an instant", () => {
    expect(localDate(new Date("2026-11-24T03:30:00Z"))).toBe("2026-11-23");
    expect(localDate(new Date("2026-11-24T05:30:00Z"))).toBe("2026-11-24");
  });

  it("localDateOfInstants agrees with localDate across midnights and both DST changes, in any order", () => {
    const dateOf = localDateOfInstants();
    const instants = [
      "2026-11-24T04:59:59.999Z",
      "2026-11-24T05:00:00.000Z",
      "2026-11-24T04:59:59.999Z",
      "2026-11-24T05:00:00.000Z",
      "2026-11-25T04:59:59.999Z",
      "2026-11-25T05:00:00.000Z",
      "2026-03-08T04:59:59.999Z",
      "2026-03-08T05:00:00.000Z",
      "2026-03-09T03:59:59.999Z",
      "2026-03-09T04:00:00.000Z",
      "2026-11-01T03:59:59.999Z",
      "2026-11-01T04:00:00.000Z",
      "2026-11-02T04:59:59.999Z",
      "2026-11-02T05:00:00.000Z",
      "2026-07-01T12:00:00.000Z",
    ];
    expect(instants.map((iso) => dateOf(Date.parse(iso)))).toEqual(instants.map((iso) => localDate(new Date(iso))));
    expect(dateOf(Date.parse("2026-03-09T03:59:59.999Z"))).toBe("2026-03-08");
  });

  it.each([
    ["2026-02-29", false],
    ["2028-02-29", true],
    ["2026-13-01", false],
    ["26-01-01", false],
    ["2026-01-01", true],
  ])("isIsoDate(%s) is %s", (value, ok) => expect(isIsoDate(value)).toBe(ok));
});
