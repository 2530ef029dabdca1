import { describe, expect, it } from "vitest";
import { localDate, localMidnight } from "../quebec-dates";
import {
  addMonths,
  billingDayFor,
  daysBetween,
  nextPeriodStart,
  periodContaining,
  periodInvoicedByRun,
} from "./periods";

describe("periodContaining", () => {
  it.each([
    // date, billing day, start, end, days
    ["2026-01-31", 1, "2026-01-01", "2026-02-01", 31],
    ["2026-02-01", 1, "2026-02-01", "2026-03-01", 28],
    ["2028-02-15", 1, "2028-02-01", "2028-03-01", 29], // leap year
    ["2026-01-31", 28, "2026-01-28", "2026-02-28", 31], // month end → February
    ["2026-02-27", 28, "2026-01-28", "2026-02-28", 31],
    ["2026-02-28", 28, "2026-02-28", "2026-03-28", 28],
    ["2028-02-29", 28, "2028-02-28", "2028-03-28", 29], // Feb 29 falls in the period that started the 28th
    ["2028-02-29", 1, "2028-02-01", "2028-03-01", 29],
    ["2026-12-31", 15, "2026-12-15", "2027-01-15", 31], // across the new year
    ["2026-01-10", 15, "2025-12-15", "2026-01-15", 31],
    ["2026-03-08", 8, "2026-03-08", "2026-04-08", 31], // spring forward: still 31 whole days
    ["2026-03-08", 1, "2026-03-01", "2026-04-01", 31],
    ["2026-11-01", 1, "2026-11-01", "2026-12-01", 30], // fall back: still 30 whole days
    ["2026-10-20", 1, "2026-10-01", "2026-11-01", 31],
  ])("%s with billing day %i → %s … %s (%i days)", (date, day, start, end, days) => {
    expect(periodContaining(date, day)).toEqual({ start, end, days });
  });

  it("counts days on the calendar even when the instants say 23 or 25 hours more or less", () => {
    const march = periodContaining("2026-03-08", 8);
    const hours = (localMidnight(march.end).getTime() - localMidnight(march.start).getTime()) / 3_600_000;
    expect(hours).toBe(31 * 24 - 1);
    expect(march.days).toBe(31);
    const november = periodContaining("2026-10-15", 15);
    const fallHours = (localMidnight(november.end).getTime() - localMidnight(november.start).getTime()) / 3_600_000;
    expect(fallHours).toBe(31 * 24 + 1);
    expect(november.days).toBe(31);
  });

  it("takes the Quebec date of an instant near a DST change, not the UTC one", () => {
    // 2026-11-01 01:30 EDT is 05:30Z; 2026-03-08 00:30 EST is 05:30Z.
    expect(periodContaining(localDate(new Date("2026-11-01T05:30:00Z")), 1).start).toBe("2026-11-01");
    expect(periodContaining(localDate(new Date("2026-11-01T03:59:00Z")), 1).start).toBe("2026-10-01");
    expect(periodContaining(localDate(new Date("2026-03-08T04:59:00Z")), 8).start).toBe("2026-02-08");
  });

  it.each([
    ["2026-01-15", 0, /billingDay must be an integer from 1 to 28, got 0/],
    ["2026-01-15", 29, /billingDay must be an integer from 1 to 28, got 29/],
    ["2026-01-15", 31, /billingDay/],
    ["2026-01-15", 1.5, /billingDay/],
    ["2026-02-29", 1, /date must be a calendar date 'YYYY-MM-DD', got "2026-02-29"/],
    ["2026-1-15", 1, /date must be a calendar date/],
  ])("refuses %s with billing day %s", (date, day, message) => {
    expect(() => periodContaining(date, day)).toThrow(RangeError);
    expect(() => periodContaining(date, day)).toThrow(message);
  });
});

describe("nextPeriodStart", () => {
  it.each([
    ["2026-01-31", 28, "2026-02-28"],
    ["2026-02-28", 28, "2026-03-28"], // the billing day itself starts a period, the next one is a month later
    ["2028-02-29", 1, "2028-03-01"],
    ["2026-12-20", 20, "2027-01-20"],
  ])("%s, day %i → %s", (date, day, expected) => expect(nextPeriodStart(date, day)).toBe(expected));
});

describe("periodInvoicedByRun", () => {
  it.each([
    ["2026-11-01", 15, "2026-11-15", "2026-12-15", 30], // in advance: the run on the 1st invoices the 15th
    ["2026-11-30", 1, "2026-11-01", "2026-12-01", 30], // a late run still invoices its own month
    ["2028-02-01", 28, "2028-02-28", "2028-03-28", 29],
    ["2026-12-01", 10, "2026-12-10", "2027-01-10", 31],
  ])("run %s, day %i → %s … %s", (run, day, start, end, days) => {
    expect(periodInvoicedByRun(run, day)).toEqual({ start, end, days });
  });

  it("refuses a billing day that some months do not have", () => {
    expect(() => periodInvoicedByRun("2026-11-01", 30)).toThrow(/billingDay must be an integer from 1 to 28/);
  });
});

describe("billingDayFor", () => {
  it.each([
    ["2026-01-01", 1],
    ["2026-01-28", 28],
    ["2026-01-29", 28],
    ["2026-01-31", 28],
    ["2028-02-29", 28],
    ["2026-03-08", 8],
  ])("activation %s → billing day %i", (date, day) => expect(billingDayFor(date)).toBe(day));
});

describe("calendar arithmetic", () => {
  it.each([
    ["2026-01-31", 1, "2026-02-28"],
    ["2028-01-31", 1, "2028-02-29"],
    ["2026-01-31", 2, "2026-03-31"], // counted from the start, not month by month
    ["2028-02-29", 12, "2029-02-28"],
    ["2026-12-15", 1, "2027-01-15"],
    ["2026-03-31", -1, "2026-02-28"],
  ])("%s + %i months → %s", (date, months, expected) => expect(addMonths(date, months)).toBe(expected));

  it.each([
    ["2026-03-01", "2026-04-01", 31],
    ["2026-10-01", "2026-11-02", 32],
    ["2026-02-01", "2026-01-01", -31],
  ])("%s → %s is %i days", (from, to, days) => expect(daysBetween(from, to)).toBe(days));
});
