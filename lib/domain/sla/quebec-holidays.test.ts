import { describe, expect, it } from "vitest";
import { easterSunday, isQuebecHoliday, quebecHolidays } from "./quebec-holidays";
import { dayOfIso, isoOfDay } from "./toronto-time";

describe("Quebec statutory holidays", () => {
  it.each([
    [2024, "2024-03-31"],
    [2025, "2025-04-20"],
    [2026, "2026-04-05"],
    [2027, "2027-03-28"],
    [2038, "2038-04-25"],
  ])("Easter %i is %s", (year, day) => {
    expect(isoOfDay(easterSunday(year))).toBe(day);
  });

  it("lists 2027: Christmas on a Saturday closes the Monday too", () => {
    expect(quebecHolidays(2027)).toEqual([
      { date: "2027-01-01", holiday: "newYear" },
      { date: "2027-03-26", holiday: "goodFriday" },
      { date: "2027-03-29", holiday: "easterMonday" },
      { date: "2027-05-24", holiday: "patriots" },
      { date: "2027-06-24", holiday: "feteNationale" },
      { date: "2027-07-01", holiday: "canadaDay" },
      { date: "2027-09-06", holiday: "labourDay" },
      { date: "2027-10-11", holiday: "thanksgiving" },
      { date: "2027-12-25", holiday: "christmas" },
      { date: "2027-12-27", holiday: "christmas" },
    ]);
  });

  it.each([
    // National Patriots' Day: the Monday before May 25, even when May 25 is a Monday.
    ["2026-05-18", true],
    ["2026-05-25", false],
    ["2025-05-19", true],
    // July 1 2029 is a Sunday: Monday July 2 is off.
    ["2029-07-02", true],
    // June 24 2029 is a Sunday: Monday June 25 is off.
    ["2029-06-25", true],
    // June 24 2028 is a Saturday: that Saturday only.
    ["2028-06-24", true],
    ["2028-06-26", false],
    // January 1 2028 is a Saturday: Monday January 3 too.
    ["2028-01-03", true],
    ["2027-12-26", false],
    ["2027-01-02", false],
    ["2026-11-11", false],
  ])("%s is a holiday: %s", (day, expected) => {
    expect(isQuebecHoliday(dayOfIso(day))).toBe(expected);
  });
});
