import { describe, expect, it } from "vitest";
import { AGING_BUCKETS, ageBalances, agingBucket } from "./aging";

describe("agingBucket", () => {
  it.each([
    // due date, as of, bucket
    ["2026-11-24", "2026-11-23", "notDue"],
    ["2026-12-31", "2026-11-23", "notDue"],
    ["2026-11-23", "2026-11-23", "days0to30"], // due today: day 0
    ["2026-10-24", "2026-11-23", "days0to30"], // 30 days
    ["2026-10-23", "2026-11-23", "days31to60"], // 31 days
    ["2026-09-24", "2026-11-23", "days31to60"], // 60 days
    ["2026-09-23", "2026-11-23", "days61to90"], // 61 days
    ["2026-08-25", "2026-11-23", "days61to90"], // 90 days
    ["2026-08-24", "2026-11-23", "over90"], // 91 days
    ["2020-01-01", "2026-11-23", "over90"],
    ["2028-01-30", "2028-02-29", "days0to30"], // leap day: 30 days
    ["2028-01-29", "2028-02-29", "days31to60"],
    ["2026-02-27", "2026-03-29", "days0to30"], // across the DST change: still 30 calendar days
  ])("due %s, as of %s → %s", (dueDate, asOf, bucket) => {
    expect(agingBucket(dueDate, asOf)).toBe(bucket);
  });

  it("refuses non-dates with the field's name", () => {
    expect(() => agingBucket("2026-13-01", "2026-11-23")).toThrow(/from must be a calendar date/);
    expect(() => agingBucket("2026-11-01", "yesterday")).toThrow(/to must be a calendar date/);
  });

  it("has contiguous buckets from day 0", () => {
    AGING_BUCKETS.forEach((b, i) => expect(b.minDays).toBe(i === 0 ? 0 : (AGING_BUCKETS[i - 1]!.maxDays ?? NaN) + 1));
    expect(AGING_BUCKETS.at(-1)!.maxDays).toBeNull();
  });
});

describe("ageBalances", () => {
  it("sums each balance into its bucket", () => {
    expect(
      ageBalances("2026-11-23", [
        { dueDate: "2026-12-01", balanceCents: 100 },
        { dueDate: "2026-11-23", balanceCents: 200 },
        { dueDate: "2026-10-24", balanceCents: 300 },
        { dueDate: "2026-10-23", balanceCents: 400 },
        { dueDate: "2026-08-25", balanceCents: 500 },
        { dueDate: "2026-08-24", balanceCents: 600 },
      ]),
    ).toEqual({ notDue: 100, days0to30: 500, days31to60: 400, days61to90: 500, over90: 600 });
  });
});
