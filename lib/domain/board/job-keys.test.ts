import { describe, expect, it } from "vitest";
import { boardMayWriteJob, isOnDay, jobIdOfKey } from "./job-keys";

describe("jobIdOfKey", () => {
  it.each([
    ["1", 1],
    ["42", 42],
    ["2147483647", 2_147_483_647],
    ["0", null],
    ["012", null],
    ["12.0", null],
    [" 12", null],
    ["1e1", null],
    ["-3", null],
    ["", null],
    ["2147483648", null],
    ["99999999999999999", null],
    ["abc", null],
  ])("%j → %s", (key, id) => expect(jobIdOfKey(key)).toBe(id));
});

describe("isOnDay (Quebec days)", () => {
  it.each([
    ["2027-01-12", "2027-01-12T05:00:00.000Z", true],
    ["2027-01-12", "2027-01-12T04:59:59.999Z", false],
    ["2027-01-12", "2027-01-13T04:59:59.999Z", true],
    ["2027-01-12", "2027-01-13T05:00:00.000Z", false],
    ["2027-03-14", "2027-03-15T03:59:00.000Z", true],
    ["2027-03-14", "not a date", false],
  ])("%s holds %s: %s", (date, instant, expected) => expect(isOnDay(date, instant)).toBe(expected));
});

describe("boardMayWriteJob", () => {
  const day = "2027-01-12";
  const noon = new Date("2027-01-12T17:00:00.000Z");
  const nextNoon = new Date("2027-01-13T17:00:00.000Z");
  it.each([
    [
      "scheduled that day, start that day",
      { scheduledStart: noon, windowStart: null },
      "2027-01-12T15:00:00.000Z",
      true,
    ],
    ["unscheduled, window that day, unassigned", { scheduledStart: null, windowStart: noon }, null, true],
    ["scheduled on another day", { scheduledStart: nextNoon, windowStart: noon }, "2027-01-12T15:00:00.000Z", false],
    ["window on another day", { scheduledStart: null, windowStart: nextNoon }, null, false],
    ["start moved to another day", { scheduledStart: noon, windowStart: null }, "2027-01-13T15:00:00.000Z", false],
    ["neither time", { scheduledStart: null, windowStart: null }, null, false],
  ])("%s", (_what, row, start, expected) => expect(boardMayWriteJob(day, row, start)).toBe(expected));
});
