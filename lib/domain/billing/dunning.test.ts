import { describe, expect, it } from "vitest";
import { dunningStepFor, isDunningHour, REMINDER_CATCH_UP_DAYS } from "./dunning";

const policy = { reminderDays: [3, 10], suspendDays: 21 };

describe("dunningStepFor", () => {
  it.each([
    // today (due 2026-11-01), days past due, reminder, suspend
    ["2026-10-25", -7, null, false],
    ["2026-11-01", 0, null, false],
    ["2026-11-03", 2, null, false],
    ["2026-11-04", 3, 1, false], // first reminder day
    ["2026-11-10", 9, 1, false], // missed runs catch up until the next reminder is due
    ["2026-11-11", 10, 2, false], // second reminder replaces the first
    ["2026-11-17", 16, 2, false], // 6 days late: still within the catch-up window
    ["2026-11-18", 17, null, false], // 7 days late: too stale to send
    ["2026-11-21", 20, null, false],
    ["2026-11-22", 21, null, true], // suspension day
    ["2027-02-01", 92, null, true],
  ])("on %s: %i days, reminder %s, suspend %s", (today, days, reminder, suspend) => {
    expect(dunningStepFor("2026-11-01", today, policy)).toEqual({ daysPastDue: days, reminder, suspend });
  });

  it("counts calendar days across month ends and leap days", () => {
    expect(dunningStepFor("2028-02-26", "2028-02-29", policy)).toMatchObject({ daysPastDue: 3, reminder: 1 });
    expect(dunningStepFor("2026-12-29", "2027-01-08", policy)).toMatchObject({ daysPastDue: 10, reminder: 2 });
  });

  it("limits the catch-up of a lone reminder to its window", () => {
    const single = { reminderDays: [0], suspendDays: 30 };
    expect(dunningStepFor("2026-11-01", "2026-11-01", single).reminder).toBe(1);
    expect(dunningStepFor("2026-11-01", `2026-11-0${1 + REMINDER_CATCH_UP_DAYS - 1}`, single).reminder).toBe(1);
    expect(dunningStepFor("2026-11-01", `2026-11-0${1 + REMINDER_CATCH_UP_DAYS}`, single).reminder).toBeNull();
  });

  it("can suspend before the last reminder", () => {
    expect(dunningStepFor("2026-11-01", "2026-11-11", { reminderDays: [3, 10], suspendDays: 5 })).toEqual({
      daysPastDue: 10,
      reminder: 2,
      suspend: true,
    });
  });

  it.each([
    [{ reminderDays: [10, 3], suspendDays: 21 }, /strictly ascending/],
    [{ reminderDays: [3, 3], suspendDays: 21 }, /strictly ascending/],
    [{ reminderDays: [-1], suspendDays: 21 }, /reminderDays must be whole days/],
    [{ reminderDays: [3], suspendDays: 0 }, /suspendDays/],
  ])("refuses a bad policy %o", (bad, message) => {
    expect(() => dunningStepFor("2026-11-01", "2026-11-05", bad)).toThrow(message);
  });

  it("refuses non-dates", () => {
    expect(() => dunningStepFor("2026-11-31", "2026-12-05", policy)).toThrow(/from must be a calendar date/);
  });
});

describe("isDunningHour (Quebec time)", () => {
  it.each([
    ["2027-01-12T14:00:00Z", 9, true], // 09:00 EST
    ["2027-01-12T14:59:59Z", 9, true],
    ["2027-01-12T13:59:59Z", 9, false],
    ["2027-01-12T15:00:00Z", 9, false],
    ["2027-07-12T13:30:00Z", 9, true], // 09:30 EDT
    ["2027-07-12T14:30:00Z", 9, false],
    ["2027-03-01T04:30:00Z", 23, true], // 23:30 on Feb 28 in Quebec, already March 1 in UTC
    ["2027-01-12T05:00:00Z", 0, true], // midnight
  ])("%s at hour %i: %s", (instant, hour, expected) => {
    expect(isDunningHour(new Date(instant), hour)).toBe(expected);
  });
});
