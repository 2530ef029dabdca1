import { describe, expect, it } from "vitest";
import { reportWeeks } from "./report-weeks";

describe("report weeks", () => {
  it("ends with the week of now, Monday to Monday in Toronto, oldest first", () => {
    // Sunday 2027-01-17 23:30 EST is already Monday in UTC: still the week of Monday the 11th.
    const weeks = reportWeeks(new Date("2027-01-18T04:30:00Z"), 2);
    expect(weeks.map((w) => [w.monday, w.start.toISOString(), w.end.toISOString()])).toEqual([
      ["2027-01-04", "2027-01-04T05:00:00.000Z", "2027-01-11T05:00:00.000Z"],
      ["2027-01-11", "2027-01-11T05:00:00.000Z", "2027-01-18T05:00:00.000Z"],
    ]);
  });

  it("gives the week of the spring change 167 hours", () => {
    const [week] = reportWeeks(new Date("2027-03-10T12:00:00Z"), 1);
    expect(week!.monday).toBe("2027-03-08");
    expect((week!.end.getTime() - week!.start.getTime()) / 3_600_000).toBe(167);
  });
});
